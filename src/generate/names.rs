//! Synthetic doctors' names: a French-looking first name and surname, drawn from short lists
//! of common names (nobody in particular). Some carry a hyphen, an apostrophe or a space so
//! that files written from them exercise CSV quoting and readers' handling of them.

use rand::Rng;
use std::collections::BTreeSet;

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Claire", "Julien", "Sophie", "Thomas", "Camille", "Nicolas", "Isabelle", "Mathieu", "Nathalie", "Antoine",
    "Émilie", "Pierre", "Céline", "François", "Hélène", "Laurent", "Aurélie", "Guillaume", "Marie", "Olivier",
    "Anne-Sophie", "Jean-Marc", "Sandrine", "Romain", "Léa", "Karim", "Inès", "Mehdi", "Yasmine", "Thi Lan",
    "Sébastien", "Valérie", "Bruno", "Agnès", "Damien", "Pauline", "Hugo", "Chloé", "Vincent", "Margaux", "Benoît",
    "Élodie", "Jérôme", "Amandine", "Rachid", "Fatima", "Marc-Antoine", "Solène", "Cédric", "Lucie",
];

#[rustfmt::skip]
const LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Chabrier",
    "Vidal", "Roche", "Fabre", "Chastel", "Boyer", "Faure", "Rousseau", "Blanc", "Guerin", "Le Goff", "N'Diaye",
    "Benali", "Nguyen", "Da Silva", "Pereira", "D'Amico", "Besson-Rivière", "Mallet", "Aubert", "Chauvet",
    "Pradier", "Delorme", "Teyssier", "Vernet", "Brunel", "Couderc", "Lafont", "Sabatier", "Bouchet",
];

/// Draws `Dr First Last`, avoiding the names in `taken` for a few tries (two real doctors may
/// share a name, but a planner reading a list should not have to tell twins apart).
pub fn draw(rng: &mut impl Rng, taken: &BTreeSet<String>) -> String {
    let mut name = String::new();
    for _ in 0..20 {
        let (first, last) = (
            FIRST[rng.gen_range(0..FIRST.len())],
            LAST[rng.gen_range(0..LAST.len())],
        );
        name = format!("Dr {first} {last}");
        // "Dr Thomas Thomas" is possible but reads as a typo.
        if first != last && !taken.contains(&name) {
            break;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn avoids_taken_names() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut taken = BTreeSet::new();
        for _ in 0..300 {
            let n = draw(&mut rng, &taken);
            assert!(n.starts_with("Dr "));
            assert!(taken.insert(n), "duplicate name");
        }
    }
}

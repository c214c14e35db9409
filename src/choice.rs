//! Closed sets of named options (a solver, a formulation, a language, ...): each lists its
//! values with the name a user types and a line saying what it does, so that the command line
//! and the web app accept the same names and show the same descriptions while the library
//! stays free of any argument parser.

/// A closed set of named values.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order they are listed to a user.
    const ALL: &'static [Self];

    /// The name a user types (`ilp`, `fr`, ...).
    fn name(self) -> &'static str;

    /// One line saying what the value does ("" when the name says it all).
    fn about(self) -> &'static str {
        ""
    }

    /// The value called `name`, ignoring ASCII case.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.name().eq_ignore_ascii_case(name))
    }
}

/// `Display` (the name) and `FromStr` (any ASCII case) for a [`Choice`].
macro_rules! choice_str {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::choice::Choice::name(*self))
            }
        }

        impl std::str::FromStr for $t {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                <$t as $crate::choice::Choice>::from_name(s).ok_or_else(|| {
                    let names: Vec<&str> = <$t as $crate::choice::Choice>::ALL
                        .iter()
                        .map(|v| $crate::choice::Choice::name(*v))
                        .collect();
                    format!("`{s}`: expected one of {}", names.join(", "))
                })
            }
        }
    };
}
pub(crate) use choice_str;

#[cfg(test)]
mod tests {
    use super::Choice;
    use crate::report::Lang;
    use crate::solve::{Formulation, SolverKind};
    use crate::whatif::marginal::By;

    fn round_trips<T: Choice + PartialEq + std::fmt::Debug>() {
        for &v in T::ALL {
            assert_eq!(T::from_name(v.name()), Some(v));
            assert_eq!(T::from_name(&v.name().to_uppercase()), Some(v));
        }
        assert_eq!(T::from_name("no-such-value"), None);
    }

    #[test]
    fn every_name_reads_back() {
        round_trips::<SolverKind>();
        round_trips::<Formulation>();
        round_trips::<Lang>();
        round_trips::<By>();
    }

    #[test]
    fn solvers_and_formulations_say_what_they_do() {
        assert!(SolverKind::ALL.iter().all(|k| !k.about().is_empty()));
        assert!(Formulation::ALL.iter().all(|f| !f.about().is_empty()));
        assert_eq!("ilp".parse::<SolverKind>(), Ok(SolverKind::Ilp));
        assert_eq!(SolverKind::Auto.to_string(), "auto");
    }
}

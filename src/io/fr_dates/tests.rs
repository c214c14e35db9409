//! Unit tests of the French availability parser.

use super::*;

fn days(cell: &str) -> Vec<u32> {
    let p = parse_availability(cell, 2026, 12);
    assert!(p.problems.is_empty(), "{cell}: {:?}", p.problems);
    p.dates.iter().map(|d| d.day()).collect()
}

fn problems(cell: &str) -> (Vec<u32>, Vec<String>) {
    let p = parse_availability(cell, 2026, 12);
    (p.dates.iter().map(|d| d.day()).collect(), p.problems)
}

#[test]
fn lists_with_a_month_at_the_end() {
    assert_eq!(days("les 3, 10 et 17 décembre"), [3, 10, 17]);
    assert_eq!(days("Le 1er décembre"), [1]);
    assert_eq!(days("3 ; 4 ; 5"), [3, 4, 5]);
    assert_eq!(days("7 déc."), [7]);
    assert_eq!(days("7 DEC, 9 Décembre 2026"), [7, 9]);
    assert_eq!(days("  "), Vec::<u32>::new());
}

#[test]
fn numeric_dates() {
    assert_eq!(days("3/12, 10/12"), [3, 10]);
    assert_eq!(days("2026-12-07"), [7]);
    assert_eq!(days("07/12/2026 et 08/12/26"), [7, 8]);
}

#[test]
fn ranges() {
    assert_eq!(days("du 14 au 16 décembre"), [14, 15, 16]);
    assert_eq!(days("14-16 déc"), [14, 15, 16]);
    assert_eq!(days("du 30 au 31, et le 2"), [2, 30, 31]);
}

#[test]
fn weekdays_are_checked() {
    // 2026-12-07 is a Monday.
    assert_eq!(days("lundi 7 et mardi 8 décembre"), [7, 8]);
    let (d, p) = problems("mardi 7 décembre");
    assert!(d.is_empty());
    assert!(p[0].contains("not a mardi"), "{p:?}");
}

#[test]
fn wrong_month_is_reported_not_moved() {
    let (d, p) = problems("3 janvier, 4 décembre");
    assert_eq!(d, [4]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("'3 janvier'") && p[0].contains("2026-12"),
        "{p:?}"
    );
    let (d, p) = problems("5/11");
    assert!(d.is_empty() && p.len() == 1, "{p:?}");
    let (d, p) = problems("les 3 et 10 janvier");
    assert!(d.is_empty() && p.len() == 2, "{p:?}");
}

#[test]
fn nonsense_is_reported_and_the_rest_kept() {
    let (d, p) = problems("3, 10 et peut-être le 17");
    assert_eq!(d, [3, 10]);
    assert!(p[0].contains("peut-etre"), "{p:?}");
    let (d, p) = problems("n'importe quand");
    assert!(d.is_empty() && !p.is_empty());
    let (d, p) = problems("31 novembre, 32, 45/13");
    assert!(d.is_empty() && p.len() == 3, "{p:?}");
    let (_, p) = problems("du 16 au 14 décembre");
    assert!(p[0].contains("ends before"), "{p:?}");
    let (_, p) = problems("---, //, 3/, /12, 2026-12-99, 9999999999999");
    assert!(!p.is_empty());
}

fn date(text: &str) -> NaiveDate {
    read_date(text).unwrap_or_else(|why| panic!("{text}: {why}"))
}

#[test]
fn dates_as_french_spreadsheets_write_them() {
    let d7 = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    for text in [
        "2026-12-07",
        "07/12/2026",
        "7/12/2026",
        "07/12/26",
        "7/12/26",
        " 7/12/2026 ",
        "07/12/2026 00:00",
        "2026-12-07T00:00:00",
    ] {
        assert_eq!(date(text), d7, "{text}");
    }
    // The two-digit year rule: YY is 20YY.
    assert_eq!(
        date("08/12/26"),
        NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()
    );
    assert_eq!(date("1/1/00"), NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
    assert_eq!(
        date("29/2/28"),
        NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
    );
}

#[test]
fn ambiguous_or_impossible_dates_say_how_to_write_them() {
    let why = |t: &str| read_date(t).expect_err(t);
    assert!(why("7/12").contains("year is missing"), "{}", why("7/12"));
    assert!(
        why("12/31/2026").contains("the day comes first"),
        "{}",
        why("12/31/2026")
    );
    assert!(
        why("12/31/2026").contains("31/12/2026"),
        "{}",
        why("12/31/2026")
    );
    assert!(why("31/11/2026").contains("November 2026 has 30 days"));
    assert!(why("29/02/27").contains("February 2027 has 28 days"));
    assert!(why("7/12/026").contains("4 digits"));
    assert!(why("2026/12/07").contains("2026-12-07"));
    assert!(why("07-12-2026").contains("year-month-day"));
    assert!(why("").contains("empty"));
    for t in [
        "7.12.2026",
        "7 décembre 2026",
        "20261207",
        "7/12/2026/1",
        "007/12/2026",
        "/12/26",
    ] {
        assert!(read_date(t).is_err(), "{t}");
    }
}

#[test]
fn availability_cells_follow_the_same_rule() {
    assert_eq!(days("7/12/2026, 8/12/26"), [7, 8]);
    let (d, p) = problems("7/12/026");
    assert!(d.is_empty() && p[0].contains("4 digits"), "{p:?}");
}

//! `wxbox conformance`: a behavioural suite for the `wx` surface that judges any host.
//!
//! The suite is data plus JS: cases generated from every method of the API table (the call
//! contract, parameter validation, result fields), and hand-written behavioural cases for the
//! deep families (`cases/*.js`: permissions, the tap-gesture rule, privacy, login codes,
//! subscription errCodes, payment checks), each citing its source. Each case runs in a small
//! mini-program of its own, held in memory, in a sandbox over the hosts under test: the built-in
//! simulated superapp by default, or an embedder's [`run::Target`].
//!
//! This crate knows the table, the sandbox and the profile format; it does not know how any
//! host answers: a case passes or fails on what the `wx` call gives back.

pub mod generate;
pub mod report;
pub mod run;
pub mod suite;

pub use run::{Outcome, Status, Target};
pub use suite::{Case, Kind};

/// The whole suite, in table order, hand-written cases last; `family` keeps one family
/// (a docs section such as `open-api`, or a hand-written case's method).
///
/// # Errors
/// The API table or a case file that does not load.
pub fn suite(family: Option<&str>) -> Result<Vec<Case>, String> {
    let methods = wxbox_app::api_listing().map_err(|e| format!("API table: {e}"))?;
    let mut cases: Vec<Case> = methods.iter().flat_map(generate::cases).collect();
    cases.extend(run::declared()?);
    if let Some(f) = family {
        cases.retain(|c| c.family == f || c.method == f);
    }
    Ok(cases)
}

/// Methods of the table with no case at all (a test keeps this empty).
///
/// # Errors
/// As [`suite`].
pub fn uncovered() -> Result<Vec<String>, String> {
    let methods = wxbox_app::api_listing().map_err(|e| format!("API table: {e}"))?;
    Ok(methods
        .iter()
        .filter(|m| generate::cases(m).is_empty())
        .map(|m| m.spec.name.clone())
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_method_of_the_table_has_a_case() {
        assert_eq!(super::uncovered(), Ok(Vec::new()));
    }

    #[test]
    fn the_args_file_loads_and_names_only_methods_of_the_table() {
        let needs = crate::suite::needs().expect("args.json");
        let methods = wxbox_app::api_listing().expect("table");
        for name in needs.keys() {
            assert!(
                methods.iter().any(|m| &m.spec.name == name),
                "args.json names {name}, which the table does not have"
            );
        }
    }
}

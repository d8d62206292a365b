//! The loop check: forwarding must never lead a call back to where it started through this
//! service's own numbers.

use std::collections::{HashMap, HashSet};

use crate::PhoneNumber;

/// Whether adding the edge `from -> to` to `graph` (the enabled rules of this service's
/// numbers, as (number, target) pairs) lets a call reach `from` again: `to` is `from`
/// itself, or a chain of rules leads from `to` back to `from`. Every rule type counts: a
/// busy or no-answer rule forwards just as surely once nobody answers.
#[must_use]
pub fn closes_loop(
    graph: &[(PhoneNumber, PhoneNumber)],
    from: &PhoneNumber,
    to: &PhoneNumber,
) -> bool {
    let mut next: HashMap<&PhoneNumber, Vec<&PhoneNumber>> = HashMap::new();
    for (a, b) in graph {
        next.entry(a).or_default().push(b);
    }
    let mut seen = HashSet::new();
    let mut stack = vec![to];
    while let Some(at) = stack.pop() {
        if at == from {
            return true;
        }
        if seen.insert(at) {
            stack.extend(next.get(at).into_iter().flatten().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    #[test]
    fn a_number_forwarding_to_itself_is_a_loop() {
        assert!(closes_loop(&[], &n("+14155550100"), &n("+14155550100")));
    }

    #[test]
    fn a_chain_back_to_the_start_is_a_loop_and_a_chain_elsewhere_is_not() {
        let (a, b, c, d) = (
            n("+14155550100"),
            n("+14155550101"),
            n("+14155550102"),
            n("+14155550103"),
        );
        let graph = vec![(b.clone(), c.clone()), (c.clone(), a.clone())];
        assert!(closes_loop(&graph, &a, &b));
        assert!(!closes_loop(&graph, &a, &d));
        assert!(!closes_loop(&graph, &d, &b));
    }

    #[test]
    fn cycles_elsewhere_in_the_graph_end_the_walk() {
        let (a, b, c) = (n("+14155550100"), n("+14155550101"), n("+14155550102"));
        let graph = vec![(b.clone(), c.clone()), (c.clone(), b.clone())];
        assert!(!closes_loop(&graph, &a, &b));
    }
}

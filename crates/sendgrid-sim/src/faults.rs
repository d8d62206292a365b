//! Fault injection: the next mail sends answer 429, 500 or 400 instead of being accepted.

/// What an upcoming mail send is answered with instead of being checked and accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 with SendGrid's error body and, when given, `Retry-After: SECS`.
    RateLimited {
        /// The `Retry-After` header's seconds, if any.
        retry_after_secs: Option<u64>,
    },
    /// 500 with SendGrid's `internal server error` body.
    ServerError,
    /// 400 with one error naming `field`.
    BadRequest {
        /// The error's message.
        message: String,
        /// The field it names, if any.
        field: Option<String>,
    },
}

/// The faults planned for upcoming sends, consumed in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Faults {
    planned: Vec<(u32, Fault)>,
}

impl Faults {
    /// Makes the next `count` sends (after those already planned) answer `fault`.
    pub fn fail_next(&mut self, count: u32, fault: Fault) {
        if count > 0 {
            self.planned.push((count, fault));
        }
    }

    /// Takes the fault for the next send, if any.
    pub fn take(&mut self) -> Option<Fault> {
        let (remaining, fault) = self.planned.first_mut()?;
        *remaining -= 1;
        let fault = fault.clone();
        if *remaining == 0 {
            self.planned.remove(0);
        }
        Some(fault)
    }

    /// Forgets every planned fault.
    pub fn clear(&mut self) {
        self.planned.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_consumed_in_the_order_planned() {
        let mut faults = Faults::default();
        faults.fail_next(2, Fault::ServerError);
        faults.fail_next(0, Fault::ServerError);
        faults.fail_next(
            1,
            Fault::RateLimited {
                retry_after_secs: Some(1),
            },
        );
        assert_eq!(faults.take(), Some(Fault::ServerError));
        assert_eq!(faults.take(), Some(Fault::ServerError));
        assert!(matches!(faults.take(), Some(Fault::RateLimited { .. })));
        assert_eq!(faults.take(), None);
        faults.fail_next(3, Fault::ServerError);
        faults.clear();
        assert_eq!(faults.take(), None);
    }
}

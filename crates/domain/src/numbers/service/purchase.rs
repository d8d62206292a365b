//! Buying a number: who may, which number, and the purchase recorded as pending before
//! the provider is asked.

use super::{Numbers, NumbersError};
use crate::numbers::account::PurchaseRequest;
use crate::numbers::area_code::AreaCode;
use crate::numbers::capabilities::Capabilities;
use crate::numbers::country::CountryCode;
use crate::numbers::friendly_name::FriendlyName;
use crate::numbers::number_type::NumberType;
use crate::numbers::owned::{OwnedNumber, OwnedNumberId};
use crate::numbers::pattern::ContainsPattern;
use crate::numbers::pending::PendingPurchase;
use crate::numbers::search::{AvailableNumber, AvailableNumberQuery};
use crate::numbers::store::{BeginPurchaseError, CompletePurchaseError};
use crate::{Actor, PhoneNumber, UserId};

/// Who may buy numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PurchasePolicy {
    /// Every user buys their own numbers.
    #[default]
    Open,
    /// Only admins buy, and they assign each number to a user.
    AdminOnly,
}

/// Which number to buy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuyTarget {
    /// Exactly this number.
    Number(PhoneNumber),
    /// The first available number in this area code.
    AreaCode(AreaCode),
    /// The first available number of the request's kind (local when not given) in its
    /// country, anywhere: `{"type": "tollfree"}` is "the first toll-free number".
    FirstAvailable,
}

/// A request to buy a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyNumber {
    /// Which number.
    pub target: BuyTarget,
    /// Its country (default US).
    pub country: CountryCode,
    /// Its kind; `None` means local for an area code, and [`NumberType::likely_of`] the
    /// number for an exact number.
    pub number_type: Option<NumberType>,
    /// Its name; Twilio's display form when `None`.
    pub friendly_name: Option<FriendlyName>,
    /// For whom; only admins may name another user. `None` means the caller.
    pub on_behalf_of: Option<UserId>,
}

/// How many candidates an area-code purchase tries when numbers are sold under it.
const PURCHASE_ATTEMPTS: u8 = 3;

impl Numbers {
    /// Buys a number for the caller (or, for admins, for `on_behalf_of`). The purchase is
    /// recorded as pending before the provider is asked, so a crash between the two leaves
    /// a trace [`Numbers::reconcile`] completes.
    ///
    /// # Errors
    /// See [`NumbersError`]: `Forbidden` under the admin-only policy for users and when
    /// naming another user; `NoNumbersAvailable`; `NumberInUse`; `Telephony`; `Store`.
    pub async fn buy(
        &self,
        actor: &Actor,
        request: BuyNumber,
    ) -> Result<OwnedNumber, NumbersError> {
        self.buy_attempt(actor, request, None).await
    }

    /// [`Numbers::buy`] as the attempt `attempt`: the id a retry of the same request
    /// (same `Idempotency-Key`) gives again. An earlier attempt's purchase is settled
    /// first: the number it bought is completed and answered instead of buying another.
    ///
    /// # Errors
    /// As [`Numbers::buy`].
    pub async fn buy_attempt(
        &self,
        actor: &Actor,
        request: BuyNumber,
        attempt: Option<OwnedNumberId>,
    ) -> Result<OwnedNumber, NumbersError> {
        if self.policy == PurchasePolicy::AdminOnly && !actor.is_admin() {
            return Err(NumbersError::Forbidden("only admins may buy numbers"));
        }
        let owner = Self::subject(actor, request.on_behalf_of.clone())?;
        if let Some(id) = attempt
            && let Some(earlier) = self.settle_attempt(id).await?
        {
            return Ok(earlier);
        }
        // The search returns at most PURCHASE_ATTEMPTS candidates; an area-code purchase
        // moves on when one was sold meanwhile, an exact one has only one to try.
        for (candidate, number_type) in self.candidates(&request).await? {
            match self
                .purchase_one(&owner, &request, candidate, number_type, attempt)
                .await
            {
                Err(NumbersError::NoNumbersAvailable | NumbersError::NumberInUse)
                    if !matches!(request.target, BuyTarget::Number(_)) => {}
                other => return other,
            }
        }
        Err(NumbersError::NoNumbersAvailable)
    }

    /// The numbers to try, with their kind: the exact number if it is for sale, or the
    /// first few in the area code.
    async fn candidates(
        &self,
        request: &BuyNumber,
    ) -> Result<Vec<(AvailableNumber, NumberType)>, NumbersError> {
        let mut query = AvailableNumberQuery::local(request.country.clone());
        match &request.target {
            BuyTarget::AreaCode(_) | BuyTarget::FirstAvailable => {
                let number_type = request.number_type.unwrap_or(NumberType::Local);
                query.number_type = number_type;
                if let BuyTarget::AreaCode(code) = &request.target {
                    query.area_code = Some(*code);
                }
                query.limit = PURCHASE_ATTEMPTS;
                let found = self.search_sold(&query).await?;
                Ok(found.into_iter().map(|n| (n, number_type)).collect())
            }
            BuyTarget::Number(phone) => {
                // Twilio is asked to buy exactly this number whatever the search says: the
                // search only fills in region and locality, and a miss (Twilio's test
                // credentials sell +15005550006, which no search lists) or a failure of it
                // never blocks the purchase.
                let number_type = request
                    .number_type
                    .unwrap_or_else(|| NumberType::likely_of(phone));
                query.number_type = number_type;
                query.contains = ContainsPattern::parse(&digits_of(phone)).ok();
                let listed = self
                    .provider
                    .search_available(&query)
                    .await
                    .ok()
                    .and_then(|found| found.into_iter().find(|n| &n.phone_number == phone));
                let candidate = listed.unwrap_or_else(|| AvailableNumber {
                    phone_number: phone.clone(),
                    friendly_name: phone.as_str().to_owned(),
                    locality: None,
                    region: None,
                    country: request.country.clone(),
                    capabilities: Capabilities::default(),
                });
                Ok(vec![(candidate, number_type)])
            }
        }
    }

    async fn purchase_one(
        &self,
        owner: &UserId,
        request: &BuyNumber,
        candidate: AvailableNumber,
        number_type: NumberType,
        attempt: Option<OwnedNumberId>,
    ) -> Result<OwnedNumber, NumbersError> {
        let pending = PendingPurchase {
            id: attempt.unwrap_or_else(OwnedNumberId::new_v7),
            user_id: owner.clone(),
            phone_number: candidate.phone_number.clone(),
            friendly_name: request.friendly_name.clone(),
            price: self.prices.price_for(&candidate.country, number_type),
            country: candidate.country,
            region: candidate.region,
            locality: candidate.locality,
            capabilities: candidate.capabilities,
            started_at: self.clock.now(),
        };
        self.store
            .begin_purchase(&pending)
            .await
            .map_err(|e| match e {
                BeginPurchaseError::InPool | BeginPurchaseError::AlreadyOwned => {
                    NumbersError::NumberInUse
                }
                BeginPurchaseError::Store(e) => NumbersError::Store(e),
            })?;
        let bought = self
            .provider
            .purchase(&PurchaseRequest {
                phone_number: pending.phone_number.clone(),
                friendly_name: request.friendly_name.clone(),
                webhooks: self.webhooks.clone(),
            })
            .await;
        let bought = match bought {
            Ok(bought) => bought,
            Err(error) => {
                if error.certainly_not_applied() {
                    // Nothing was sold: forget the purchase. If forgetting fails,
                    // reconciliation abandons it after the grace period.
                    let _ = self.store.abandon_purchase(pending.id).await;
                }
                return Err(error.into());
            }
        };
        match self
            .store
            .complete_purchase(pending.id, &bought, self.clock.now())
            .await
        {
            Ok(number) => Ok(number),
            // Reconciliation (in another process) completed it first.
            Err(CompletePurchaseError::NotPending) => self
                .store
                .number(pending.id)
                .await?
                .ok_or(NumbersError::NotFound),
            Err(CompletePurchaseError::Store(e)) => Err(NumbersError::Store(e)),
        }
    }
}

/// The digits of a number, for a `contains` search.
fn digits_of(phone: &PhoneNumber) -> String {
    phone
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

//! Checking several fields of one request and refusing them all at once: each refused field is
//! named with why, so a form can show every problem beside its field in one round trip.

use std::collections::BTreeMap;

use crate::ServiceError;

/// The refused fields of one request, by their JSON names.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// The value of a passed check; `None` (with the refusal noted under `field`) otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, ServiceError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.refuse(field, err.public_message());
                None
            }
        }
    }

    /// Notes that `field` is refused, with `why` (the first refusal of a field is kept).
    pub fn refuse(&mut self, field: &str, why: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| why.into());
    }

    /// `Ok` when nothing was refused, else one `validation` error naming every refused field.
    pub fn finish(self) -> Result<(), ServiceError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Fields(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::ErrorCode;

    #[test]
    fn every_refused_field_is_named_in_one_error() {
        let mut faults = FieldErrors::default();
        let kept = faults.check("a", Ok::<_, ServiceError>(1));
        let lost: Option<()> = faults.check("b", Err(ServiceError::Validation("b is bad".into())));
        faults.refuse("c", "c is bad");
        faults.refuse("c", "a later reason");
        assert_eq!((kept, lost), (Some(1), None));
        let err = faults.finish().expect_err("two fields refused");
        assert_eq!(err.code(), ErrorCode::Validation);
        let fields = err.fields().expect("fields");
        assert_eq!(fields.get("b").map(String::as_str), Some("b is bad"));
        assert_eq!(fields.get("c").map(String::as_str), Some("c is bad"));
        assert_eq!(fields.len(), 2);
        assert_eq!(err.public_message(), "b is bad; c is bad");
    }

    #[test]
    fn nothing_refused_is_ok() {
        assert!(FieldErrors::default().finish().is_ok());
    }
}

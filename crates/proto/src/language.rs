//! The languages Stoa speaks: the web client's texts and the notification texts the server
//! writes for a member.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A language the client and the notification texts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, TS, ToSchema)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Language {
    /// English (also what a member who never chose gets from the server).
    #[default]
    En,
    /// Romanian.
    Ro,
}

impl Language {
    /// Every language, in the order the settings list them.
    pub const ALL: [Language; 2] = [Language::En, Language::Ro];

    /// The code on the wire and in the database: `"en"`, `"ro"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ro => "ro",
        }
    }

    /// The language of `code` (exactly `"en"` or `"ro"`), or `None`.
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Read by hand so that a wrong value is refused with a message naming the allowed ones
/// (the API answers `400 bad_request` with it).
impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Language::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown language {code:?}: the language is \"en\" or \"ro\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_others_are_refused() {
        for lang in Language::ALL {
            let json = serde_json::to_string(&lang).expect("serializes");
            assert_eq!(json, format!("\"{}\"", lang.code()));
            assert_eq!(
                serde_json::from_str::<Language>(&json).expect("parses"),
                lang
            );
        }
        for bad in ["\"fr\"", "\"EN\"", "\"\"", "1", "null"] {
            let err = serde_json::from_str::<Language>(bad).expect_err(bad);
            assert!(
                err.to_string().contains("\"en\" or \"ro\"") || bad == "1" || bad == "null",
                "{bad}: {err}"
            );
        }
    }
}

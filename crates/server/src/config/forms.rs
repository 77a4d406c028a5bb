//! How `stoa serve` settings are written in the configuration file: the same text as their
//! flags take (`"[::]:443"`, `"tls-alpn-01"`), seconds as numbers, and lists as TOML arrays or
//! one comma-separated string (as in `STOA_*` variables).

use std::fmt::Display;
use std::str::FromStr;
use std::time::Duration;

use serde::de::Deserializer;
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

/// A number, or text that parses as one.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(f64),
    Text(String),
}

/// A list as an array, or as one comma-separated string.
#[derive(Deserialize)]
#[serde(untagged)]
enum ListOrText {
    List(Vec<String>),
    Text(String),
}

impl ListOrText {
    fn items(self) -> Vec<String> {
        match self {
            Self::List(items) => items,
            Self::Text(text) => text.split(',').map(str::to_owned).collect(),
        }
    }
}

/// A [`Duration`] as a number of seconds (`reconnect-grace-secs = 20`, or `2.5`).
pub mod secs {
    use super::*;

    /// Seconds, as a float.
    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        value.as_secs_f64().serialize(serializer)
    }

    /// A non-negative number of seconds.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let text = match NumberOrText::deserialize(deserializer)? {
            NumberOrText::Number(n) => n.to_string(),
            NumberOrText::Text(text) => text,
        };
        crate::config::parse_secs(&text).map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// A list of values that parse from text: a TOML array, or `"a,b"`.
pub mod list {
    use super::*;

    /// Each value as its text.
    #[allow(clippy::ptr_arg)] // serde passes the field itself
    pub fn serialize<T: Display, S: Serializer>(
        values: &Vec<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(ToString::to_string))
    }

    /// Each item parsed (surrounding spaces ignored).
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        ListOrText::deserialize(deserializer)?
            .items()
            .iter()
            .map(|item| {
                let item = item.trim();
                item.parse()
                    .map_err(|e| <D::Error as serde::de::Error>::custom(format!("{item:?}: {e}")))
            })
            .collect()
    }
}

/// Reverse proxies: networks or bare addresses, as `--trusted-proxies` takes them.
pub mod proxies {
    use super::*;
    use stoa_api::IpNet;

    /// Each network as its text.
    #[allow(clippy::ptr_arg)] // serde passes the field itself
    pub fn serialize<S: Serializer>(values: &Vec<IpNet>, serializer: S) -> Result<S::Ok, S::Error> {
        list::serialize(values, serializer)
    }

    /// An array or comma-separated string of networks or addresses.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
        ListOrText::deserialize(deserializer)?
            .items()
            .iter()
            .map(|item| {
                stoa_api::client_ip::parse_net(item).map_err(<D::Error as serde::de::Error>::custom)
            })
            .collect()
    }
}

/// A choice among a flag's names (`log-format = "json"`).
pub mod choice {
    use super::*;
    use clap::ValueEnum;

    /// The choice's flag name.
    pub fn serialize<T: ValueEnum, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let name = value
            .to_possible_value()
            .ok_or_else(|| <S::Error as serde::ser::Error>::custom("a hidden choice"))?;
        serializer.serialize_str(name.get_name())
    }

    /// One of the flag's names.
    pub fn deserialize<'de, T: ValueEnum, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let text = String::deserialize(deserializer)?;
        T::from_str(&text, false).map_err(|_| {
            let names: Vec<String> = T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_owned())
                .collect();
            <D::Error as serde::de::Error>::custom(format!(
                "{text:?} is not one of {}",
                names.join(", ")
            ))
        })
    }
}

/// The SFU's egress mode (`direct` or `str0m`).
pub mod egress {
    use super::*;
    use stoa_sfu::EgressMode;

    /// `direct` or `str0m`.
    pub fn serialize<S: Serializer>(value: &EgressMode, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match value {
            EgressMode::Direct => "direct",
            EgressMode::Str0m => "str0m",
        })
    }

    /// `direct` or `str0m`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<EgressMode, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(<D::Error as serde::de::Error>::custom)
    }
}

//! The optional TOML configuration file (`--config`, `STOA_CONFIG`). Its keys are `stoa serve`'s
//! long flag names (`http = "0.0.0.0:8080"`, `reconnect-grace-secs = 30`, lists as arrays or
//! comma-separated strings), and precedence is flags > `STOA_*` variables > file > defaults.
//!
//! clap parses the flags and variables (typed, each with its default), and figment layers the
//! result: what clap parsed, then the file over it, then whatever came from a flag or a variable
//! back on top. So the file replaces defaults only, nothing touches the process environment, and
//! one struct ([`crate::ServeConfig`], or the operator commands' [`crate::data_dir::DataArgs`])
//! comes out. figment names the key and the file in its errors; `serve` refuses unknown keys.

use std::collections::BTreeSet;
use std::path::Path;

use clap::parser::ValueSource;
use clap::ArgMatches;
use figment::providers::{Data, Format, Serialized, Toml};
use figment::value::{Dict, Value};
use figment::Figment;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Errors applying the configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    /// The file is missing or unreadable, not valid TOML, has an unknown key or a bad value.
    #[error("configuration file {path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, naming the key.
        message: String,
    },
}

/// `parsed` (what clap made of the flags, variables and defaults; `matches` tells which were
/// given) with the file at `path` in place of the defaults.
pub fn apply<T>(parsed: T, matches: &ArgMatches, path: &Path) -> Result<T, ConfigFileError>
where
    T: clap::Args + Serialize + DeserializeOwned,
{
    let given = given_keys::<T>(matches);
    layer(parsed, &given, Toml::file_exact(path), path)
}

/// The keys (long flag names) of `T`'s arguments that a flag or a variable set.
pub fn given_keys<T: clap::Args>(matches: &ArgMatches) -> BTreeSet<String> {
    let command = T::augment_args(clap::Command::new("stoa"));
    command
        .get_arguments()
        .filter(|arg| {
            matches!(
                matches.value_source(arg.get_id().as_str()),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            )
        })
        .filter_map(|arg| arg.get_long().map(str::to_owned))
        .collect()
}

/// `parsed`, with `file` over it and the `given` keys of `parsed` over that.
fn layer<T>(
    parsed: T,
    given: &BTreeSet<String>,
    file: Data<Toml>,
    path: &Path,
) -> Result<T, ConfigFileError>
where
    T: Serialize + DeserializeOwned,
{
    let invalid = |message: String| ConfigFileError::Invalid {
        path: path.display().to_string(),
        message,
    };
    let all = Value::serialize(&parsed)
        .map_err(|e| invalid(e.to_string()))?
        .into_dict()
        .unwrap_or_default();
    let explicit: Dict = all
        .into_iter()
        .filter(|(key, _)| given.contains(key))
        .collect();
    Figment::from(Serialized::defaults(&parsed))
        .merge(file)
        .merge(Serialized::defaults(explicit))
        .extract()
        .map_err(|e| invalid(errors_text(e)))
}

/// Every error figment found, one per line.
fn errors_text(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ServeConfig;
    use clap::{Args as _, CommandFactory, FromArgMatches, Parser};
    use std::time::Duration;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeConfig,
    }

    /// `args` parsed, then the file `text` applied.
    fn load(args: &[&str], text: &str) -> Result<ServeConfig, ConfigFileError> {
        let mut all = vec!["stoa"];
        all.extend_from_slice(args);
        let matches = Cli::command()
            .try_get_matches_from(all)
            .expect("flags parse");
        let parsed = Cli::from_arg_matches(&matches).expect("flags parse").serve;
        let given = given_keys::<ServeConfig>(&matches);
        layer(parsed, &given, Toml::string(text), Path::new("stoa.toml"))
    }

    #[test]
    fn the_file_replaces_defaults_and_flags_replace_the_file() {
        let text = "http = \"0.0.0.0:80\"\nreconnect-grace-secs = 30\n\
                    public-ip = \"203.0.113.9, 2001:db8::9\"\nturn-url = [\"turn:a:3478\", \"turn:b:3478\"]\n\
                    trusted-proxies = \"127.0.0.1\"\nlog-format = \"json\"\nsfu-settle = false\n\
                    sfu-egress = \"str0m\"\nacme-challenge = \"tls-alpn-01\"\nhost-grace-secs = 2.5\n";
        let config = load(&[], text).expect("loads");
        assert_eq!(config.http, Some("0.0.0.0:80".parse().unwrap()));
        assert_eq!(config.reconnect_grace, Duration::from_secs(30));
        assert_eq!(config.host_grace, Duration::from_millis(2500));
        assert_eq!(config.public_ip.len(), 2);
        assert_eq!(config.turn_url, ["turn:a:3478", "turn:b:3478"]);
        assert_eq!(config.trusted_proxies[0].to_string(), "127.0.0.1/32");
        assert_eq!(config.log_format, crate::LogFormat::Json);
        assert!(!config.sfu_settle);
        assert_eq!(config.sfu_egress, stoa_sfu::EgressMode::Str0m);
        // Untouched by the file: clap's defaults.
        assert_eq!(config.media, "[::]:50000".parse().unwrap());
        assert_eq!(config.auth_attempts_per_minute, 20);

        let flagged = load(&["--http", "127.0.0.1:9000", "--sfu-settle", "true"], text).unwrap();
        assert_eq!(flagged.http, Some("127.0.0.1:9000".parse().unwrap()));
        assert!(flagged.sfu_settle, "a flag beats the file");
        assert_eq!(flagged.reconnect_grace, Duration::from_secs(30));
    }

    #[test]
    fn values_from_variables_beat_the_file() {
        // What a `STOA_*` variable set arrives as: a given key (see `given_keys`).
        let matches = Cli::command().try_get_matches_from(["stoa", "--media", "127.0.0.1:5"]);
        let matches = matches.unwrap();
        let parsed = Cli::from_arg_matches(&matches).unwrap().serve;
        let given = BTreeSet::from(["media".to_owned()]);
        let text = "media = \"[::]:6\"\nhttp = \"127.0.0.1:7\"";
        let config = layer(parsed, &given, Toml::string(text), Path::new("f")).unwrap();
        assert_eq!(config.media, "127.0.0.1:5".parse().unwrap());
        assert_eq!(config.http, Some("127.0.0.1:7".parse().unwrap()));
    }

    #[test]
    fn every_flag_is_a_key() {
        let keys: BTreeSet<String> = Value::serialize(ServeConfig::for_tests("d".into()))
            .unwrap()
            .into_dict()
            .unwrap()
            .into_keys()
            .collect();
        let flags: BTreeSet<String> = ServeConfig::augment_args(clap::Command::new("stoa"))
            .get_arguments()
            .filter_map(|arg| arg.get_long().map(str::to_owned))
            .collect();
        assert_eq!(keys, flags);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let err = load(&[], "htp = \"0.0.0.0:80\"").unwrap_err().to_string();
        assert!(err.contains("stoa.toml") && err.contains("htp"), "{err}");
        for (text, key) in [
            ("http = \"localhost\"", "http"),
            ("reconnect-grace-secs = -1", "reconnect-grace-secs"),
            (
                "auth-attempts-per-minute = \"many\"",
                "auth-attempts-per-minute",
            ),
            ("public-ip = \"media.example\"", "public-ip"),
            ("trusted-proxies = [\"proxy.example\"]", "trusted-proxies"),
            ("log-format = \"xml\"", "log-format"),
            ("sfu-egress = \"fast\"", "sfu-egress"),
            ("not toml at all", "stoa.toml"),
        ] {
            let err = load(&[], text).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn half_a_certificate_pair_from_the_file_is_refused() {
        let config = load(&[], "tls-cert = \"c.pem\"").expect("loads");
        assert!(config.listen_addrs().is_err());
        let both = load(
            &[],
            "tls-cert = \"c\"\ntls-key = \"k\"\nacme-domain = \"a.example\"",
        );
        assert!(both.expect("loads").listen_addrs().is_err());
    }

    #[test]
    fn the_example_file_loads() {
        let text = include_str!("../../../deploy/stoa.toml");
        let config = load(&[], text).expect("deploy/stoa.toml loads");
        assert_eq!(
            config.public_url.as_deref(),
            Some("https://stoa.example.org")
        );
        assert_eq!(config.data_dir(), std::path::PathBuf::from("/var/lib/stoa"));
        assert!(config.listen_addrs().is_ok());
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let matches = Cli::command().try_get_matches_from(["stoa"]).unwrap();
        let parsed = Cli::from_arg_matches(&matches).unwrap().serve;
        let err = apply(parsed, &matches, Path::new("/nonexistent/stoa.toml")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/stoa.toml"), "{err}");
    }
}

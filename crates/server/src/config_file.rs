//! The optional TOML configuration file. Its keys are `stoa serve`'s long flag names
//! (`http = "0.0.0.0:8080"`, `reconnect-grace-secs = 30`); each becomes the `STOA_*` variable
//! of the same name unless that variable is already set, so precedence is
//! flags > environment > file > defaults.

use std::path::Path;

/// Errors reading the configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a value is not a string, number or boolean.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// The `(variable, value)` pairs a configuration file's text stands for.
pub fn env_pairs(text: &str, path: &str) -> Result<Vec<(String, String)>, ConfigFileError> {
    let invalid = |message: String| ConfigFileError::Invalid {
        path: path.to_string(),
        message,
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| invalid(e.to_string()))?;
    table
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => return Err(invalid(format!("{key}: unsupported value {other}"))),
            };
            let var = format!("STOA_{}", key.to_ascii_uppercase().replace('-', "_"));
            Ok((var, value))
        })
        .collect()
}

/// Reads `path` and sets each of its variables that the environment does not set already.
/// Call before any other thread starts.
pub fn load_into_env(path: &Path) -> Result<(), ConfigFileError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigFileError::Read {
        path: shown.clone(),
        source,
    })?;
    for (var, value) in env_pairs(&text, &shown)? {
        if std::env::var_os(&var).is_none() {
            std::env::set_var(var, value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_stoa_variables() {
        let pairs = env_pairs("http = \"0.0.0.0:80\"\nreconnect-grace-secs = 30\n", "f").unwrap();
        assert_eq!(
            pairs,
            vec![
                ("STOA_HTTP".to_string(), "0.0.0.0:80".to_string()),
                ("STOA_RECONNECT_GRACE_SECS".to_string(), "30".to_string()),
            ]
        );
    }

    #[test]
    fn bad_files_are_reported() {
        assert!(env_pairs("http = [1, 2]", "f").is_err());
        assert!(env_pairs("not toml at all", "f").is_err());
    }
}

//! The generated Janus configuration: loopback only, one event loop per core, no event
//! handlers, no loggers, every plugin but VideoRoom and every transport but HTTP disabled,
//! DTLS/SRTP on.

use std::path::Path;

/// Where the Debian package puts Janus's modules.
pub const LIB_DIR: &str = "/usr/lib/x86_64-linux-gnu/janus";

/// Plugins shipped by the Debian package that the bench disables (all but VideoRoom).
const OTHER_PLUGINS: &[&str] = &[
    "libjanus_audiobridge.so",
    "libjanus_duktape.so",
    "libjanus_echotest.so",
    "libjanus_lua.so",
    "libjanus_nosip.so",
    "libjanus_recordplay.so",
    "libjanus_sip.so",
    "libjanus_streaming.so",
    "libjanus_textroom.so",
    "libjanus_videocall.so",
    "libjanus_voicemail.so",
];

/// Transports the bench disables (all but HTTP).
const OTHER_TRANSPORTS: &[&str] = &[
    "libjanus_websockets.so",
    "libjanus_mqtt.so",
    "libjanus_nanomsg.so",
    "libjanus_pfunix.so",
    "libjanus_rabbitmq.so",
];

/// The knobs of a generated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JanusConfig {
    /// HTTP API port on 127.0.0.1.
    pub http_port: u16,
    /// `event_loops` (the machine's cores, for a fair comparison).
    pub event_loops: usize,
    /// RTP port range (inclusive).
    pub rtp_ports: (u16, u16),
}

impl JanusConfig {
    /// `janus.jcfg` with `configs_folder` set to `dir`.
    pub fn janus_jcfg(&self, dir: &str) -> String {
        format!(
            r#"general: {{
	configs_folder = "{dir}"
	plugins_folder = "{LIB_DIR}/plugins"
	transports_folder = "{LIB_DIR}/transports"
	events_folder = "{LIB_DIR}/events"
	loggers_folder = "{LIB_DIR}/loggers"
	debug_level = 3
	interface = "127.0.0.1"
	session_timeout = 0
	event_loops = {loops}
}}
certificates: {{
}}
media: {{
	ipv6 = false
	rtp_port_range = "{lo}-{hi}"
	no_media_timer = 0
}}
nat: {{
	nice_debug = false
	full_trickle = false
	ignore_mdns = true
	ice_enforce_list = "lo"
}}
plugins: {{
	disable = "{plugins}"
}}
transports: {{
	disable = "{transports}"
}}
loggers: {{
	disable = "libjanus_jsonlog.so"
}}
events: {{
	broadcast = false
}}
"#,
            loops = self.event_loops.max(1),
            lo = self.rtp_ports.0,
            hi = self.rtp_ports.1,
            plugins = OTHER_PLUGINS.join(","),
            transports = OTHER_TRANSPORTS.join(","),
        )
    }

    /// `janus.transport.http.jcfg`: plain HTTP on 127.0.0.1 only, admin API off.
    pub fn http_jcfg(&self) -> String {
        format!(
            r#"general: {{
	json = "plain"
	base_path = "/janus"
	http = true
	port = {port}
	ip = "127.0.0.1"
	https = false
}}
admin: {{
	admin_http = false
	admin_https = false
}}
cors: {{
}}
"#,
            port = self.http_port
        )
    }

    /// `janus.plugin.videoroom.jcfg`: no static rooms (the bench creates its room).
    pub fn videoroom_jcfg(&self) -> String {
        "general: {\n\tstring_ids = false\n}\n".to_owned()
    }

    /// Writes the three files into `dir`; returns the path of `janus.jcfg`.
    pub fn write(&self, dir: &Path) -> std::io::Result<std::path::PathBuf> {
        let main = dir.join("janus.jcfg");
        std::fs::write(&main, self.janus_jcfg(&dir.to_string_lossy()))?;
        std::fs::write(dir.join("janus.transport.http.jcfg"), self.http_jcfg())?;
        std::fs::write(
            dir.join("janus.plugin.videoroom.jcfg"),
            self.videoroom_jcfg(),
        )?;
        Ok(main)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> JanusConfig {
        JanusConfig {
            http_port: 18088,
            event_loops: 2,
            rtp_ports: (20000, 32000),
        }
    }

    #[test]
    fn janus_jcfg_is_loopback_only_and_fair() {
        let text = cfg().janus_jcfg("/tmp/x");
        for line in [
            "configs_folder = \"/tmp/x\"",
            "interface = \"127.0.0.1\"",
            "event_loops = 2",
            "ipv6 = false",
            "rtp_port_range = \"20000-32000\"",
            "no_media_timer = 0",
            "full_trickle = false",
            "ignore_mdns = true",
            "ice_enforce_list = \"lo\"",
            "broadcast = false",
        ] {
            assert!(text.contains(line), "missing {line}");
        }
        assert!(text.contains("libjanus_audiobridge.so"));
        assert!(
            !text.contains("libjanus_videoroom.so"),
            "videoroom disabled"
        );
        assert!(!text.contains("libjanus_http.so"), "http disabled");
        assert!(text.contains("libjanus_websockets.so"));
        // Never without DTLS/SRTP.
        assert!(!text.contains("no_webrtc_encryption"));
        assert_eq!(text.matches('{').count(), text.matches('}').count());
    }

    #[test]
    fn http_jcfg_binds_loopback_without_admin() {
        let text = cfg().http_jcfg();
        assert!(text.contains("port = 18088"));
        assert!(text.contains("ip = \"127.0.0.1\""));
        assert!(text.contains("admin_http = false"));
        assert!(text.contains("https = false"));
    }

    #[test]
    fn writes_three_files() {
        let dir = tempfile::tempdir().unwrap();
        let main = cfg().write(dir.path()).unwrap();
        assert!(main.ends_with("janus.jcfg"));
        assert!(dir.path().join("janus.transport.http.jcfg").exists());
        assert!(dir.path().join("janus.plugin.videoroom.jcfg").exists());
    }
}

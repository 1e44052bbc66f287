//! Which `Host` headers `serve` answers: the defence against DNS rebinding.
//!
//! A web page the user visits can point a name it controls at 127.0.0.1 and
//! then read the preview as its own origin; such requests still carry the
//! attacker's name in `Host`. So only the names `serve` listens under are
//! answered: `localhost`, `127.0.0.1`, `[::1]` and the `--interface`, each with
//! the port, plus what `--allow-host` adds. When listening on every address
//! (`0.0.0.0` or `::`), any IP address is accepted too: an address cannot be
//! rebound, only a name can.
//!
//! The same names make the origins whose pages may open the live-reload
//! stream ([`AllowedHosts::allows_origin`]): a page of another site the user
//! visits sends its own `Origin`, and is refused as Vite refuses it.

use std::net::IpAddr;

/// The `Host` values `serve` answers.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// Lower-case names (IPv6 in brackets) accepted with the listening port.
    local: Vec<String>,
    /// Names from `--allow-host`: with a port, only that one; without, any.
    extra: Vec<(String, Option<u16>)>,
    port: u16,
    any_address: bool,
}

impl AllowedHosts {
    /// The hosts for a server listening on `interface`:`port`, plus `extra`
    /// (already checked by [`parse_allowed`]).
    pub fn new(interface: IpAddr, port: u16, extra: &[String]) -> AllowedHosts {
        let mut local: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let own = host_name(interface);
        if !local.contains(&own) {
            local.push(own);
        }
        let extra = extra
            .iter()
            .filter_map(|h| split_host(&h.to_ascii_lowercase()))
            .collect();
        AllowedHosts {
            local,
            extra,
            port,
            any_address: interface.is_unspecified(),
        }
    }

    /// Whether a request whose `Host` header is `host` is answered.
    pub fn allows(&self, host: &str) -> bool {
        self.allows_at(host, 80)
    }

    /// Whether a request sent by a page of `origin` (an `Origin` header:
    /// `http://localhost:1111`) comes from the preview itself or a name
    /// allowed for it.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let origin = origin.trim().to_ascii_lowercase();
        let (host, default_port) = match origin.split_once("://") {
            Some(("http", host)) => (host, 80),
            Some(("https", host)) => (host, 443),
            _ => return false,
        };
        self.allows_at(host, default_port)
    }

    /// `host` as `name[:port]`, where a missing port is `default_port` (a
    /// browser leaves out the port only when it is the scheme's default).
    fn allows_at(&self, host: &str, default_port: u16) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let Some((name, port)) = split_host(&host) else {
            return false;
        };
        let extra = self
            .extra
            .iter()
            .any(|(n, p)| *n == name && p.is_none_or(|p| Some(p) == port));
        let port_matches = port.unwrap_or(default_port) == self.port;
        let local = self.local.contains(&name)
            || (self.any_address && name.trim_matches(['[', ']']).parse::<IpAddr>().is_ok());
        extra || (local && port_matches)
    }

    /// The accepted hosts, for the message that refuses a request.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = self
            .local
            .iter()
            .map(|n| format!("{n}:{}", self.port))
            .collect();
        names.extend(self.extra.iter().map(|(n, p)| match p {
            Some(p) => format!("{n}:{p}"),
            None => n.clone(),
        }));
        if self.any_address {
            names.push(format!("any IP address of this machine:{}", self.port));
        }
        names.join(", ")
    }
}

/// How an address is written in a `Host` header.
fn host_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}

/// Splits `name[:port]` (IPv6 in brackets); `None` if it is not one.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse().ok()?),
        };
        (format!("[{inside}]"), port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name.to_string(), Some(port.parse().ok()?)),
            None => (host.to_string(), None),
        }
    };
    let valid = !name.is_empty()
        && (name.starts_with('[')
            || name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    valid.then_some((name, port))
}

/// Checks one `--allow-host` value: a host name or address, with an
/// optional port, and nothing else (no scheme, no path).
pub fn parse_allowed(value: &str) -> Result<String, String> {
    match split_host(&value.trim().to_ascii_lowercase()) {
        Some((name, port)) => Ok(match port {
            Some(p) => format!("{name}:{p}"),
            None => name,
        }),
        None => Err(format!(
            "`{value}` is not a host name; give a name or address with an optional port, e.g. --allow-host preview.example or --allow-host preview.example:8080"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(extra: &[&str]) -> AllowedHosts {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), 1111, &extra)
    }

    #[test]
    fn local_names_with_the_port_are_answered() {
        let hosts = loopback(&[]);
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LocalHost:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:1111",
            "localhost:2222",
            "localhost",
            "localhost.:1111",
            "127.0.0.2:1111",
            "",
            "[::1",
            "a b:1111",
            "localhost:1111:1",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }

    #[test]
    fn allow_host_adds_names() {
        let hosts = loopback(&["preview.example", "tunnel.example:8443"]);
        assert!(hosts.allows("preview.example"));
        assert!(hosts.allows("preview.example:1111"));
        assert!(hosts.allows("tunnel.example:8443"));
        assert!(!hosts.allows("tunnel.example:1111"));
        assert!(!hosts.allows("other.example:1111"));
    }

    #[test]
    fn the_interface_and_any_address_when_listening_everywhere() {
        let lan = AllowedHosts::new(IpAddr::from([192, 168, 1, 20]), 80, &[]);
        assert!(lan.allows("192.168.1.20"));
        assert!(lan.allows("192.168.1.20:80"));
        assert!(!lan.allows("10.0.0.1"));
        let all = AllowedHosts::new(IpAddr::from([0, 0, 0, 0]), 1111, &[]);
        assert!(all.allows("10.0.0.7:1111"));
        assert!(all.allows("[fe80::1]:1111"));
        assert!(!all.allows("rebound.example:1111"));
    }

    #[test]
    fn origins_are_the_allowed_hosts_with_a_scheme() {
        let hosts = loopback(&["tunnel.example"]);
        for ok in [
            "http://localhost:1111",
            "http://127.0.0.1:1111",
            "http://[::1]:1111",
            "HTTP://LocalHost:1111",
            "https://tunnel.example",
        ] {
            assert!(hosts.allows_origin(ok), "{ok}");
        }
        for refused in [
            "http://evil.example:1111",
            "https://evil.example",
            "http://localhost:2222",
            "http://localhost",
            "null",
            "",
            "localhost:1111",
            "file://",
            "ws://localhost:1111",
            "http://localhost:1111/path",
        ] {
            assert!(!hosts.allows_origin(refused), "{refused}");
        }
    }

    #[test]
    fn allow_host_values_are_checked() {
        assert_eq!(parse_allowed("Preview.Example").unwrap(), "preview.example");
        assert_eq!(parse_allowed("[::1]:8080").unwrap(), "[::1]:8080");
        for bad in ["http://x.example", "x.example/path", "", "x.example:port"] {
            assert!(parse_allowed(bad).is_err(), "{bad}");
        }
    }
}

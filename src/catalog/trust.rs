//! Which web addresses may become a QR code. A code sends a visitor's phone
//! wherever the catalog says; a mistaken or malicious edit must not send it
//! to a look-alike site. `kiosk.ron` lists the trusted hosts, and an address
//! outside them is never drawn as a code (`kiosk check` reports it).
//!
//! Hosts are compared as a browser would reach them: parsed by the URL
//! standard (so `https://gov.cn@evil.com` goes to `evil.com`), in lower case
//! after IDNA, and a suffix matches whole labels only (`gov.cn` trusts
//! `zwfw.hubei.gov.cn`, never `evilgov.cn`).

use std::path::Path;

use serde::Deserialize;
use url::{Host, Url};

use rayon::prelude::*;

use super::Catalog;
use super::load::catalog_files;
use super::model::{Guide, OnlineChannel};
use crate::ronfile::Problem;
use crate::ronfile::{line_col, read_text};

/// One entry of `trusted_hosts` in `kiosk.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum TrustedHost {
    /// This host only: `Host("www.cs12333.com")`.
    Host(String),
    /// This domain and every subdomain of it: `Suffix("gov.cn")`.
    Suffix(String),
}

impl TrustedHost {
    /// The entry's host as addresses are compared (ASCII, lower case, no
    /// trailing dot), or why it is no host.
    pub fn normalized(&self) -> Result<String, String> {
        let (name, suffix) = match self {
            TrustedHost::Host(h) => (h, false),
            TrustedHost::Suffix(s) => (s, true),
        };
        if name.contains(['*', '/', '@', ':']) || name.starts_with('.') {
            return Err(format!(
                "\"{name}\" is not a host name: write Host(\"www.example.gov.cn\") for one host, \
                 Suffix(\"gov.cn\") for a domain and its subdomains"
            ));
        }
        let host = Host::parse(name).map_err(|e| format!("\"{name}\" is not a host name: {e}"))?;
        match host {
            Host::Domain(d) if suffix && !d.trim_end_matches('.').contains('.') => Err(format!(
                "Suffix(\"{name}\") would trust every site under it; name a domain such as gov.cn"
            )),
            Host::Domain(d) => Ok(d.trim_end_matches('.').to_string()),
            _ if suffix => Err(format!(
                "Suffix(\"{name}\"): an IP address has no subdomains"
            )),
            ip => Ok(ip.to_string()),
        }
    }

    fn matches(&self, host: &str) -> bool {
        let Ok(own) = self.normalized() else {
            return false;
        };
        match self {
            TrustedHost::Host(_) => host == own,
            TrustedHost::Suffix(_) => {
                host == own
                    || host
                        .strip_suffix(own.as_str())
                        .is_some_and(|head| head.ends_with('.'))
            }
        }
    }
}

/// What the kiosk may do with one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// An `https` address on a trusted host.
    Trusted,
    /// An `http` address on a trusted host: shown as printed, but noted.
    Plain,
    /// Never a QR code; the reason says why.
    Untrusted(String),
}

impl Verdict {
    pub fn shows_qr(&self) -> bool {
        !matches!(self, Verdict::Untrusted(_))
    }
}

/// Judges `url` against the trusted hosts: the one rule the screens and
/// `kiosk check` share.
pub fn judge(url: &str, trusted: &[TrustedHost]) -> Verdict {
    let parsed = match Url::parse(url) {
        Ok(u) => u,
        Err(e) => return Verdict::Untrusted(format!("cannot be read as an address ({e})")),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Verdict::Untrusted("is not an http(s) address".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Verdict::Untrusted(
            "has a user name before @, which disguises the host it goes to".into(),
        );
    }
    let host = match parsed.host() {
        Some(Host::Domain(d)) => d.trim_end_matches('.').to_string(),
        Some(ip) => ip.to_string(),
        None => return Verdict::Untrusted("has no host".into()),
    };
    if !trusted.iter().any(|t| t.matches(&host)) {
        return Verdict::Untrusted(format!(
            "goes to {host}, which is not among kiosk.ron's trusted_hosts"
        ));
    }
    match parsed.scheme() {
        "https" => Verdict::Trusted,
        _ => Verdict::Plain,
    }
}

/// Whether the kiosk draws `channel`'s address as a QR code.
pub fn shows_qr(channel: &OnlineChannel, trusted: &[TrustedHost]) -> bool {
    channel
        .url
        .as_deref()
        .is_some_and(|url| judge(url, trusted).shows_qr())
}

/// What `kiosk check` says about a catalog's addresses.
#[derive(Debug, Default, PartialEq)]
pub struct Audit {
    /// Addresses outside the trusted hosts: the kiosk would hide them.
    pub errors: Vec<Problem>,
    /// `http` addresses on trusted hosts, one note per distinct address.
    pub notes: Vec<Problem>,
}

/// Audits the addresses of `catalog`, as loaded from `dir`: each file's
/// text is read again only to locate them (the loaded catalog keeps no
/// source text), on every core. Parsing the files a second time made
/// `kiosk check` of a province's catalog take twice as long.
pub fn audit_dir(
    dir: &Path,
    catalog: &Catalog,
    trusted: &[TrustedHost],
) -> Result<Audit, Vec<Problem>> {
    let files = catalog_files(dir).map_err(|p| vec![p])?;
    // The loader keeps one guide per file, in the files' order.
    if files.len() != catalog.guides.len() {
        return Err(vec![Problem::file(
            dir,
            "changed while it was checked: run kiosk check again",
        )]);
    }
    let audits: Vec<Result<Audit, Problem>> = files
        .par_iter()
        .zip(&catalog.guides)
        .map(|(path, guide)| Ok(audit_file(path, &read_text(path)?, guide, trusted)))
        .collect();
    let mut audit = Audit::default();
    for one in audits {
        let one = one.map_err(|p| vec![p])?;
        audit.errors.extend(one.errors);
        audit.notes.extend(one.notes);
    }
    Ok(audit)
}

/// Audits one file's addresses; `text` is its source, to locate each one.
pub fn audit_file(path: &Path, text: &str, guide: &Guide, trusted: &[TrustedHost]) -> Audit {
    let mut audit = Audit::default();
    // Addresses appear in the file in the order of the model, so each is
    // looked for after the one before: a repeated address gets its own line.
    let mut cursor = 0;
    let mut plain: Vec<(&str, usize)> = Vec::new();
    for item in &guide.items {
        for ch in item.channels.iter().flat_map(|c| &c.online) {
            let Some(url) = ch.url.as_deref() else {
                continue;
            };
            let at = locate_url(text, url, cursor).or_else(|| locate_url(text, url, 0));
            if let Some(at) = at {
                cursor = at + 1;
            }
            let problem = |message: String| {
                let mut p = match at {
                    Some(at) => {
                        let (line, col) = line_col(&text.as_bytes()[..at]);
                        Problem::at(path, line, col, message)
                    }
                    None => Problem::file(path, message),
                };
                p.item = Some(item.id.clone());
                p
            };
            match judge(url, trusted) {
                Verdict::Trusted => {}
                Verdict::Untrusted(why) => audit.errors.push(problem(format!(
                    "online channel \"{}\": url \"{url}\" {why}; the kiosk shows no QR code for it",
                    ch.name
                ))),
                Verdict::Plain => match plain.iter_mut().find(|(u, _)| *u == url) {
                    Some((_, more)) => *more += 1,
                    None => {
                        plain.push((url, 0));
                        audit.notes.push(problem(format!(
                            "online channel \"{}\": url \"{url}\" is http, not https; shown as printed",
                            ch.name
                        )));
                    }
                },
            }
        }
    }
    for (note, (_, more)) in audit.notes.iter_mut().zip(plain) {
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            note.message
                .push_str(&format!(" (and in {more} more place{s} of this file)"));
        }
    }
    audit
}

/// The byte offset, at or after `from`, of the opening quote of `url:
/// "<url>"` (or `url: Some("<url>")`) in a RON source.
fn locate_url(text: &str, url: &str, from: usize) -> Option<usize> {
    let quoted = format!("\"{}\"", url.replace('\\', "\\\\").replace('"', "\\\""));
    let rest = text.get(from..)?;
    rest.match_indices(&quoted)
        .map(|(i, _)| from + i)
        .find(|&at| {
            let head = text[..at].trim_end();
            let head = head.strip_suffix("Some(").map_or(head, str::trim_end);
            head.strip_suffix(':')
                .is_some_and(|h| h.trim_end().ends_with("url"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TrustedHost::{Host as H, Suffix as S};

    fn list() -> Vec<TrustedHost> {
        vec![H("www.cs12333.com".into()), S("gov.cn".into())]
    }

    fn shows(url: &str) -> bool {
        judge(url, &list()).shows_qr()
    }

    #[test]
    fn a_suffix_matches_itself_and_subdomains_by_whole_labels() {
        assert_eq!(judge("https://gov.cn/", &list()), Verdict::Trusted);
        assert_eq!(
            judge("https://zwfw.hubei.gov.cn/x?y#z", &list()),
            Verdict::Trusted
        );
        for bad in [
            "https://evilgov.cn/",
            "https://gov.cn.evil.com/",
            "https://xgov.cn/",
            "https://gov.cnn/",
            "https://cn/",
        ] {
            assert!(!shows(bad), "{bad}");
        }
    }

    #[test]
    fn a_host_matches_only_itself() {
        assert_eq!(judge("http://www.cs12333.com", &list()), Verdict::Plain);
        assert!(!shows("http://cs12333.com/"));
        assert!(!shows("http://evil.www.cs12333.com/"));
        assert!(!shows("http://www.cs12333.com.evil.com/"));
    }

    #[test]
    fn user_names_never_disguise_the_host() {
        for bad in [
            "https://gov.cn@evil.com/",
            "https://www.gov.cn:443@evil.com/",
            "https://user:pw@zwfw.hubei.gov.cn/",
            "https://evil.com\\@gov.cn/x",
        ] {
            let v = judge(bad, &list());
            assert!(!v.shows_qr(), "{bad}: {v:?}");
        }
        // The standard reads a backslash as a slash: the host is gov.cn.
        assert!(shows("https://gov.cn\\@evil.com/"));
        assert!(matches!(
            judge("https://gov.cn@evil.com/", &list()),
            Verdict::Untrusted(why) if why.contains("user name")
        ));
    }

    #[test]
    fn hosts_compare_case_insensitively_after_idna() {
        assert_eq!(
            judge("HTTPS://ZWFW.Hubei.GOV.CN/", &list()),
            Verdict::Trusted
        );
        assert_eq!(judge("https://www.gov.cn./", &list()), Verdict::Trusted);
        // Full-width dots are dots after IDNA mapping, as the phone sees them.
        assert_eq!(
            judge("https://www。hubei。gov.cn/", &list()),
            Verdict::Trusted
        );
        let idn = vec![S("例子.测试".into()), H("WWW.Example.ORG".into())];
        assert_eq!(judge("https://WWW.例子.测试/", &idn), Verdict::Trusted);
        assert_eq!(
            judge("https://www.xn--fsqu00a.xn--0zwm56d/", &idn),
            Verdict::Trusted
        );
        let puny = vec![S("xn--fsqu00a.xn--0zwm56d".into())];
        assert_eq!(judge("https://www.例子.测试/", &puny), Verdict::Trusted);
        assert_eq!(judge("https://www.example.org/", &idn), Verdict::Trusted);
        // A look-alike in Cyrillic is another host.
        assert!(!judge("https://www.ехample.org/", &idn).shows_qr());
    }

    #[test]
    fn addresses_that_are_not_web_addresses_are_untrusted() {
        for bad in [
            "",
            "gov.cn",
            "ftp://gov.cn/",
            "javascript:alert(1)",
            "https://",
        ] {
            assert!(!shows(bad), "{bad:?}");
        }
        assert!(!judge("https://1.2.3.4/", &list()).shows_qr());
        assert!(judge("https://1.2.3.4/", &[H("1.2.3.4".into())]).shows_qr());
    }

    #[test]
    fn bad_entries_say_what_to_write() {
        for (entry, says) in [
            (S("cn".into()), "every site"),
            (S("*.gov.cn".into()), "Suffix(\"gov.cn\")"),
            (S(".gov.cn".into()), "not a host name"),
            (H("https://gov.cn".into()), "not a host name"),
            (H("".into()), "not a host name"),
            (S("1.2.3.4".into()), "IP address"),
        ] {
            let err = entry.normalized().unwrap_err();
            assert!(err.contains(says), "{entry:?}: {err}");
        }
        assert_eq!(S("GOV.CN.".into()).normalized().unwrap(), "gov.cn");
        // A bad entry trusts nothing.
        assert!(!judge("https://x.cn/", &[S("cn".into())]).shows_qr());
    }

    #[test]
    fn addresses_are_located_at_their_opening_quote() {
        let text = "(\n  url: \"https://a/\", url:Some( \"https://a/\"),\n  note: \"https://a/\")";
        assert_eq!(locate_url(text, "https://a/", 0), Some(9));
        assert_eq!(locate_url(text, "https://a/", 10), Some(33));
        assert_eq!(locate_url(text, "https://a/", 34), None);
    }
}

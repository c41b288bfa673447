//! W3C Trace Context (`traceparent`): an incoming trace is continued, the answer returns the
//! `traceparent` used.

use axum::http::HeaderMap;

/// The trace of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// 16 bytes, hex.
    pub trace_id: String,
    /// This request's span, 8 bytes hex.
    pub span_id: String,
    /// The caller's span, from `traceparent`.
    pub parent_span_id: Option<String>,
}

fn willekeurig(n: usize) -> String {
    let mut b = vec![0u8; n];
    // getrandom only fails without an OS random source; then a time-based fallback keeps ids unique enough
    if getrandom::fill(&mut b).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        // every byte from the time mixed with its position, so that the span id (the last 8
        // of a new trace's 24 bytes) does not repeat the trace id's first 8
        for (i, x) in b.iter_mut().enumerate() {
            *x = ((t >> ((i % 16) * 8)) as u8) ^ (i as u8).wrapping_mul(0x9d);
        }
    }
    hex::encode(b)
}

fn hex_van(s: &str, lengte: usize) -> bool {
    s.len() == lengte
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && s.bytes().any(|b| b != b'0')
}

impl Trace {
    /// Continues the caller's trace when `traceparent` is valid, else starts a new one.
    pub fn uit_headers(headers: &HeaderMap) -> Trace {
        let binnen = headers
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let delen: Vec<&str> = v.trim().split('-').collect();
                match delen.as_slice() {
                    [versie, trace, span, vlaggen] if hex_van(versie, 2) || *versie == "00" => {
                        (hex_van(trace, 32) && hex_van(span, 16) && vlaggen.len() == 2)
                            .then(|| (trace.to_string(), span.to_string()))
                    }
                    _ => None,
                }
            });
        match binnen {
            Some((trace_id, parent)) => Trace {
                trace_id,
                span_id: willekeurig(8),
                parent_span_id: Some(parent),
            },
            None => {
                // both ids from one call to the OS random source (a system call each was 2%
                // of a server's CPU under lookup load, issue #13)
                let mut ids = willekeurig(16 + 8);
                let span_id = ids.split_off(2 * 16);
                Trace {
                    trace_id: ids,
                    span_id,
                    parent_span_id: None,
                }
            }
        }
    }

    /// The `traceparent` of the answer.
    pub fn traceparent(&self) -> String {
        format!("00-{}-{}-01", self.trace_id, self.span_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_wordt_voortgezet() {
        let mut h = HeaderMap::new();
        h.insert(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        let t = Trace::uit_headers(&h);
        assert_eq!(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(t.parent_span_id.as_deref(), Some("00f067aa0ba902b7"));
        assert_ne!(t.span_id, "00f067aa0ba902b7");
        assert!(
            t.traceparent()
                .starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        );
        // an invalid one starts a new trace
        let mut h = HeaderMap::new();
        h.insert(
            "traceparent",
            "onzin".parse().unwrap_or_else(|_| unreachable!()),
        );
        let t = Trace::uit_headers(&h);
        assert_eq!((t.trace_id.len(), t.parent_span_id), (32, None));
        // its two ids come from one draw of 24 bytes: 32 and 16 hex digits, valid as W3C ids
        assert!(hex_van(&t.trace_id, 32) && hex_van(&t.span_id, 16));
    }
}

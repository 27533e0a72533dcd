//! Values the specifications name outside their own objects: HTTP status codes (RFC 9110),
//! common media types, string formats, HTTP authentication schemes. Data, in the order they are
//! offered (most used first).

/// Status code, reason phrase, what it means.
#[rustfmt::skip]
pub const STATUS_CODES: &[(&str, &str, &str)] = &[
    ("200", "OK", "The request succeeded."),
    ("201", "Created", "The request succeeded and a new resource was created."),
    ("204", "No Content", "The request succeeded; there is no content to send."),
    ("400", "Bad Request", "The server cannot process the request because of a client error (malformed syntax, invalid parameters)."),
    ("401", "Unauthorized", "The request lacks valid authentication credentials."),
    ("403", "Forbidden", "The server understood the request but refuses to fulfil it."),
    ("404", "Not Found", "The server did not find the target resource."),
    ("500", "Internal Server Error", "The server met an unexpected condition."),
    ("202", "Accepted", "The request was accepted for processing, which has not completed."),
    ("409", "Conflict", "The request conflicts with the current state of the resource."),
    ("422", "Unprocessable Content", "The request is well-formed but its content cannot be processed."),
    ("429", "Too Many Requests", "The client sent too many requests in a given time (rate limiting)."),
    ("301", "Moved Permanently", "The resource has a new permanent URI (in `Location`)."),
    ("302", "Found", "The resource is temporarily at another URI (in `Location`)."),
    ("303", "See Other", "The response is found at another URI, with GET."),
    ("304", "Not Modified", "The resource has not changed since the version the conditional request names."),
    ("307", "Temporary Redirect", "The resource is temporarily at another URI; the method must not change."),
    ("308", "Permanent Redirect", "The resource has a new permanent URI; the method must not change."),
    ("100", "Continue", "The client should continue with its request."),
    ("101", "Switching Protocols", "The server switches protocols as the client asked (`Upgrade`)."),
    ("203", "Non-Authoritative Information", "The content was modified by a transforming proxy."),
    ("205", "Reset Content", "The client should reset the document view."),
    ("206", "Partial Content", "The response holds the requested ranges of the resource."),
    ("207", "Multi-Status", "The response holds the status of several operations (WebDAV)."),
    ("300", "Multiple Choices", "The resource has several representations to choose from."),
    ("402", "Payment Required", "Reserved for future use."),
    ("405", "Method Not Allowed", "The method is not supported by the target resource."),
    ("406", "Not Acceptable", "No representation matches the request's `Accept` headers."),
    ("407", "Proxy Authentication Required", "The client must authenticate with the proxy."),
    ("408", "Request Timeout", "The server did not receive a complete request in time."),
    ("410", "Gone", "The resource is no longer available and will not be again."),
    ("411", "Length Required", "The request needs a `Content-Length`."),
    ("412", "Precondition Failed", "A precondition of the request's headers evaluated to false."),
    ("413", "Content Too Large", "The request content is larger than the server will process."),
    ("414", "URI Too Long", "The request URI is longer than the server will interpret."),
    ("415", "Unsupported Media Type", "The content's media type is not supported."),
    ("416", "Range Not Satisfiable", "None of the requested ranges can be served."),
    ("417", "Expectation Failed", "The `Expect` header's expectation cannot be met."),
    ("418", "(Unused)", "Reserved (RFC 9110); made famous by RFC 2324."),
    ("421", "Misdirected Request", "The request reached a server that cannot answer for its URI."),
    ("423", "Locked", "The resource is locked (WebDAV)."),
    ("424", "Failed Dependency", "The request failed because a request it depends on failed (WebDAV)."),
    ("425", "Too Early", "The server will not risk processing a request that may be replayed."),
    ("426", "Upgrade Required", "The client must switch to another protocol."),
    ("428", "Precondition Required", "The server requires the request to be conditional."),
    ("431", "Request Header Fields Too Large", "The request's headers are too large."),
    ("451", "Unavailable For Legal Reasons", "The resource cannot be served for legal reasons."),
    ("501", "Not Implemented", "The server does not support the functionality required."),
    ("502", "Bad Gateway", "A gateway or proxy got an invalid response upstream."),
    ("503", "Service Unavailable", "The server cannot handle the request now (overload or maintenance)."),
    ("504", "Gateway Timeout", "A gateway or proxy did not get a response upstream in time."),
    ("505", "HTTP Version Not Supported", "The server does not support the request's HTTP version."),
    ("1XX", "Informational", "Any informational response (1xx)."),
    ("2XX", "Success", "Any successful response (2xx)."),
    ("3XX", "Redirection", "Any redirection (3xx)."),
    ("4XX", "Client Error", "Any client error (4xx)."),
    ("5XX", "Server Error", "Any server error (5xx)."),
];

/// The reason phrase and meaning of a status code (or range, `4XX`).
pub fn status(code: &str) -> Option<(&'static str, &'static str)> {
    let upper = code.to_ascii_uppercase();
    STATUS_CODES
        .iter()
        .find(|(c, _, _)| *c == upper)
        .map(|(_, reason, meaning)| (*reason, *meaning))
}

/// Media type and what it is.
#[rustfmt::skip]
pub const MEDIA_TYPES: &[(&str, &str)] = &[
    ("application/json", "JSON (RFC 8259)."),
    ("application/xml", "XML."),
    ("application/x-www-form-urlencoded", "An HTML form's fields, URL-encoded in the body."),
    ("multipart/form-data", "An HTML form with files: one part per field (RFC 7578)."),
    ("text/plain", "Plain text."),
    ("application/octet-stream", "Arbitrary binary data."),
    ("application/problem+json", "Problem Details for HTTP APIs, in JSON (RFC 9457)."),
    ("text/html", "HTML."),
    ("text/csv", "Comma-separated values (RFC 4180)."),
    ("text/event-stream", "Server-sent events."),
    ("application/x-ndjson", "Newline-delimited JSON: one JSON value per line."),
    ("application/jsonl", "JSON Lines: one JSON value per line."),
    ("application/merge-patch+json", "A JSON Merge Patch (RFC 7396)."),
    ("application/json-patch+json", "A JSON Patch (RFC 6902)."),
    ("application/ld+json", "JSON-LD."),
    ("application/vnd.api+json", "JSON:API."),
    ("application/hal+json", "HAL, JSON Hypertext Application Language."),
    ("application/yaml", "YAML (RFC 9512)."),
    ("application/pdf", "A PDF document."),
    ("application/zip", "A ZIP archive."),
    ("image/png", "A PNG image."),
    ("image/jpeg", "A JPEG image."),
    ("image/*", "Any image."),
    ("*/*", "Any media type."),
];

pub fn media_type(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    MEDIA_TYPES
        .iter()
        .find(|(m, _)| *m == lower)
        .map(|(_, d)| *d)
}

/// Common `format`s of the Schema Object (OpenAPI's and JSON Schema's), with what they mean.
#[rustfmt::skip]
pub const FORMATS: &[(&str, &str)] = &[
    ("int32", "A signed 32-bit integer."),
    ("int64", "A signed 64-bit integer."),
    ("float", "A single-precision number."),
    ("double", "A double-precision number."),
    ("date-time", "A date and time (RFC 3339), e.g. `2026-11-23T19:00:00Z`."),
    ("date", "A full date (RFC 3339), e.g. `2026-11-23`."),
    ("time", "A time (RFC 3339)."),
    ("duration", "A duration (ISO 8601)."),
    ("email", "An email address."),
    ("uuid", "A UUID (RFC 4122)."),
    ("uri", "A URI (RFC 3986)."),
    ("uri-reference", "A URI reference, absolute or relative."),
    ("hostname", "A host name."),
    ("ipv4", "An IPv4 address."),
    ("ipv6", "An IPv6 address."),
    ("byte", "Base64-encoded characters."),
    ("binary", "Any sequence of octets."),
    ("password", "A hint to hide the value."),
    ("regex", "A regular expression."),
    ("json-pointer", "A JSON Pointer (RFC 6901)."),
];

/// HTTP authentication schemes (IANA registry) for an `http` security scheme's `scheme`.
#[rustfmt::skip]
pub const HTTP_SCHEMES: &[(&str, &str)] = &[
    ("bearer", "A bearer token (RFC 6750), often a JWT."),
    ("basic", "User name and password, base64-encoded (RFC 7617)."),
    ("digest", "HTTP Digest (RFC 7616)."),
    ("hoba", "HTTP Origin-Bound Authentication (RFC 7486)."),
    ("mutual", "Mutual authentication (RFC 8120)."),
    ("negotiate", "SPNEGO, Kerberos (RFC 4559)."),
    ("oauth", "OAuth 1.0 (RFC 5849)."),
    ("scram-sha-256", "SCRAM-SHA-256 (RFC 7804)."),
    ("vapid", "VAPID for Web Push (RFC 8292)."),
];

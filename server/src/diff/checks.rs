//! The catalogue of breaking-change checks: stable ids, levels, directions, and the oasdiff id
//! of the same change where oasdiff has one. One table; the docs (`docs/breaking/`) are
//! generated from it.

/// How bad a change is for the API's users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Breaks clients written against the old version.
    Breaking,
    /// May break some clients.
    Warning,
    /// A change that breaks no one (reported for changelogs).
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// Which way the data of the change flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// What clients send (parameters, request bodies; AsyncAPI messages the application
    /// receives): narrowing breaks.
    Request,
    /// What clients receive (responses; AsyncAPI messages the application sends): widening
    /// breaks.
    Response,
    /// The API's shape: paths, operations, security, servers, channels.
    Api,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Api => "api",
        }
    }
}

/// A check.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable, kebab-case: `request-parameter-enum-value-removed`.
    pub id: &'static str,
    pub level: Level,
    pub direction: Direction,
    /// What it reports, one line.
    pub description: &'static str,
    /// Who it breaks and how (the hover of a finding).
    pub impact: &'static str,
    /// The id of the same change in oasdiff's check catalogue, if it has one.
    pub oasdiff: Option<&'static str>,
}

const fn c(
    id: &'static str,
    level: Level,
    direction: Direction,
    oasdiff: Option<&'static str>,
    description: &'static str,
    impact: &'static str,
) -> Check {
    Check {
        id,
        level,
        direction,
        description,
        impact,
        oasdiff,
    }
}

use Direction::{Api, Request as Req, Response as Res};
use Level::{Breaking as B, Info as I, Warning as W};

const SAME: Option<&str> = None;

macro_rules! same {
    ($id:literal, $level:expr, $dir:expr, $desc:literal, $impact:literal) => {
        c($id, $level, $dir, Some($id), $desc, $impact)
    };
}

/// Every check, grouped by what it looks at.
pub static CHECKS: &[Check] = &[
    // Paths and operations.
    same!("api-path-removed-without-deprecation", B, Api, "A path was removed without being deprecated first.", "Clients that call any operation of this path get 404."),
    same!("api-path-removed-with-deprecation", W, Api, "A path whose operations were all deprecated was removed.", "Clients that still call the deprecated operations get 404."),
    same!("api-removed-without-deprecation", B, Api, "An operation was removed without being deprecated first.", "Clients that call this operation get 404 or 405."),
    same!("api-removed-with-deprecation", W, Api, "A deprecated operation was removed.", "Clients that still call the deprecated operation get 404 or 405."),
    same!("endpoint-added", I, Api, "An operation was added.", "No one: a new operation."),
    same!("endpoint-deprecated", I, Api, "An operation was marked deprecated.", "No one yet: clients are told to move away before it is removed."),
    same!("endpoint-reactivated", I, Api, "An operation is no longer deprecated.", "No one."),
    c("operation-id-changed", W, Api, Some("api-operation-id-removed"), "An operation's `operationId` was changed or removed.", "Generated clients and SDKs name methods after `operationId`: code that calls the old name no longer compiles."),
    same!("api-operation-id-added", I, Api, "An operation was given an `operationId`.", "No one."),
    same!("api-tag-removed", I, Api, "A tag was removed from an operation.", "Generated clients that group operations by tag move this one."),
    same!("api-tag-added", I, Api, "A tag was added to an operation.", "No one."),
    // Parameters.
    same!("request-parameter-removed", W, Req, "A parameter was removed from an operation.", "Clients that still send it may get 400 from servers that reject unknown parameters, and lose what it did."),
    same!("request-parameter-removed-with-deprecation", I, Req, "A deprecated parameter was removed.", "Clients that still send it lose what it did."),
    c("request-parameter-in-changed", B, Req, SAME, "A parameter moved (its `in` changed: query, header, path, cookie).", "Clients send it where the server no longer reads it."),
    same!("new-required-request-parameter", B, Req, "A required parameter was added.", "Clients that do not send the new parameter get 400."),
    same!("new-optional-request-parameter", I, Req, "An optional parameter was added.", "No one."),
    same!("request-parameter-became-required", B, Req, "A parameter became required.", "Clients that leave it out get 400."),
    same!("request-parameter-became-optional", I, Req, "A parameter became optional.", "No one."),
    same!("request-parameter-deprecated", I, Req, "A parameter was marked deprecated.", "No one yet."),
    same!("request-parameter-type-changed", B, Req, "A parameter's type changed.", "Clients that send values of the old type get 400."),
    c("request-parameter-format-changed", B, Req, Some("request-parameter-type-changed"), "A parameter's `format` changed.", "Clients that send values in the old format get 400."),
    same!("request-parameter-enum-value-removed", B, Req, "A value was removed from a parameter's `enum`.", "Clients that send the removed value get 400."),
    same!("request-parameter-enum-value-added", I, Req, "A value was added to a parameter's `enum`.", "No one: one more value is accepted."),
    same!("request-parameter-became-enum", B, Req, "A parameter was restricted to a list of values.", "Clients that send any other value get 400."),
    same!("request-parameter-max-decreased", B, Req, "A parameter's `maximum` was lowered.", "Clients that send values above the new maximum get 400."),
    same!("request-parameter-max-set", B, Req, "A parameter was given a `maximum`.", "Clients that send values above it get 400."),
    same!("request-parameter-max-increased", I, Req, "A parameter's `maximum` was raised.", "No one."),
    same!("request-parameter-min-increased", B, Req, "A parameter's `minimum` was raised.", "Clients that send values below the new minimum get 400."),
    same!("request-parameter-min-set", B, Req, "A parameter was given a `minimum`.", "Clients that send values below it get 400."),
    same!("request-parameter-min-decreased", I, Req, "A parameter's `minimum` was lowered.", "No one."),
    same!("request-parameter-max-length-decreased", B, Req, "A parameter's `maxLength` was lowered.", "Clients that send longer values get 400."),
    same!("request-parameter-max-length-set", B, Req, "A parameter was given a `maxLength`.", "Clients that send longer values get 400."),
    same!("request-parameter-max-length-increased", I, Req, "A parameter's `maxLength` was raised.", "No one."),
    same!("request-parameter-min-length-increased", B, Req, "A parameter's `minLength` was raised.", "Clients that send shorter values get 400."),
    same!("request-parameter-min-length-decreased", I, Req, "A parameter's `minLength` was lowered.", "No one."),
    same!("request-parameter-max-items-decreased", B, Req, "An array parameter's `maxItems` was lowered.", "Clients that send more items get 400."),
    same!("request-parameter-min-items-increased", B, Req, "An array parameter's `minItems` was raised.", "Clients that send fewer items get 400."),
    same!("request-parameter-pattern-added", B, Req, "A parameter was given a `pattern`.", "Clients that send values that do not match it get 400."),
    same!("request-parameter-pattern-changed", W, Req, "A parameter's `pattern` changed.", "Clients whose values matched the old pattern but not the new one get 400."),
    same!("request-parameter-became-not-nullable", B, Req, "A parameter no longer accepts `null`.", "Clients that send null get 400."),
    // Request bodies.
    same!("request-body-added-required", B, Req, "A required request body was added.", "Clients that send no body get 400."),
    same!("request-body-added-optional", I, Req, "An optional request body was added.", "No one."),
    same!("request-body-became-required", B, Req, "The request body became required.", "Clients that send no body get 400."),
    same!("request-body-became-optional", I, Req, "The request body became optional.", "No one."),
    same!("request-body-removed", W, Req, "The request body was removed.", "Clients that send one may get 400, and what they send is ignored."),
    same!("request-body-media-type-removed", B, Req, "A media type of the request body was removed.", "Clients that send this media type get 415."),
    same!("request-body-media-type-added", I, Req, "A media type was added to the request body.", "No one."),
    same!("request-body-type-changed", B, Req, "The request body's type changed.", "Clients that send the old type get 400."),
    c("request-body-format-changed", B, Req, Some("request-body-type-changed"), "The request body's `format` changed.", "Clients that send the old format get 400."),
    same!("request-body-enum-value-removed", B, Req, "A value was removed from the request body's `enum`.", "Clients that send the removed value get 400."),
    same!("request-body-became-enum", B, Req, "The request body was restricted to a list of values.", "Clients that send any other value get 400."),
    same!("request-body-became-not-nullable", B, Req, "The request body no longer accepts `null`.", "Clients that send null get 400."),
    c("request-body-additional-properties-closed", B, Req, SAME, "The request body no longer accepts properties it does not list (`additionalProperties: false`).", "Clients that send other properties get 400."),
    same!("request-body-max-decreased", B, Req, "The request body's `maximum` was lowered.", "Clients that send values above it get 400."),
    same!("request-body-min-increased", B, Req, "The request body's `minimum` was raised.", "Clients that send values below it get 400."),
    same!("request-body-max-length-decreased", B, Req, "The request body's `maxLength` was lowered.", "Clients that send longer values get 400."),
    same!("request-body-min-items-increased", B, Req, "The request body's `minItems` was raised.", "Clients that send fewer items get 400."),
    // Request properties.
    same!("new-required-request-property", B, Req, "A required property was added to a request body.", "Clients that do not send the new property get 400."),
    same!("new-optional-request-property", I, Req, "An optional property was added to a request body.", "No one."),
    same!("request-property-became-required", B, Req, "A request property became required.", "Clients that leave it out get 400."),
    same!("request-property-became-optional", I, Req, "A request property became optional.", "No one."),
    same!("request-property-removed", W, Req, "A property was removed from a request body.", "Clients that still send it lose what it did, or get 400 where other properties are not allowed."),
    same!("request-property-type-changed", B, Req, "A request property's type changed.", "Clients that send the old type get 400."),
    c("request-property-format-changed", B, Req, Some("request-property-type-changed"), "A request property's `format` changed.", "Clients that send the old format get 400."),
    same!("request-property-enum-value-removed", B, Req, "A value was removed from a request property's `enum`.", "Clients that send the removed value get 400."),
    same!("request-property-enum-value-added", I, Req, "A value was added to a request property's `enum`.", "No one."),
    same!("request-property-became-enum", B, Req, "A request property was restricted to a list of values.", "Clients that send any other value get 400."),
    same!("request-property-max-decreased", B, Req, "A request property's `maximum` was lowered.", "Clients that send values above the new maximum get 400."),
    same!("request-property-max-set", B, Req, "A request property was given a `maximum`.", "Clients that send values above it get 400."),
    same!("request-property-min-increased", B, Req, "A request property's `minimum` was raised.", "Clients that send values below the new minimum get 400."),
    same!("request-property-min-set", B, Req, "A request property was given a `minimum`.", "Clients that send values below it get 400."),
    same!("request-property-max-length-decreased", B, Req, "A request property's `maxLength` was lowered.", "Clients that send longer values get 400."),
    same!("request-property-max-length-set", B, Req, "A request property was given a `maxLength`.", "Clients that send longer values get 400."),
    same!("request-property-max-length-increased", I, Req, "A request property's `maxLength` was raised.", "No one."),
    same!("request-property-min-length-increased", B, Req, "A request property's `minLength` was raised.", "Clients that send shorter values get 400."),
    same!("request-property-min-items-increased", B, Req, "A request property's `minItems` was raised.", "Clients that send fewer items get 400."),
    c("request-property-max-items-decreased", B, Req, SAME, "A request property's `maxItems` was lowered.", "Clients that send more items get 400."),
    same!("request-property-pattern-added", B, Req, "A request property was given a `pattern`.", "Clients that send values that do not match it get 400."),
    same!("request-property-pattern-changed", W, Req, "A request property's `pattern` changed.", "Clients whose values matched the old pattern but not the new one get 400."),
    same!("request-property-became-not-nullable", B, Req, "A request property no longer accepts `null`.", "Clients that send null get 400."),
    c("request-property-additional-properties-closed", B, Req, SAME, "A request object no longer accepts properties it does not list (`additionalProperties: false`).", "Clients that send other properties get 400."),
    // Responses.
    same!("response-success-status-removed", B, Res, "A success (2xx) response was removed.", "Clients that expect this status treat the answer as an error."),
    same!("response-non-success-status-removed", W, Res, "An error response was removed.", "Clients that handle this status lose the documented shape of the error."),
    same!("response-success-status-added", I, Res, "A success response was added.", "No one, if clients accept any 2xx."),
    same!("response-non-success-status-added", I, Res, "An error response was added.", "No one."),
    same!("response-media-type-removed", B, Res, "A media type of a response was removed.", "Clients that ask for this media type (Accept) get 406 or a body they cannot read."),
    same!("response-media-type-added", I, Res, "A media type was added to a response.", "No one."),
    same!("response-body-type-changed", B, Res, "A response body's type changed.", "Clients that parse the old type fail."),
    c("response-body-format-changed", B, Res, Some("response-body-type-changed"), "A response body's `format` changed.", "Clients that parse the old format fail."),
    same!("response-body-became-nullable", B, Res, "A response body may now be `null`.", "Clients that do not expect null fail on it."),
    c("response-body-enum-value-added", B, Res, SAME, "A value was added to a response body's `enum`.", "Clients that switch over the old values meet one they do not handle."),
    same!("response-required-property-removed", B, Res, "A required property was removed from a response.", "Clients that read it find nothing."),
    same!("response-optional-property-removed", W, Res, "An optional property was removed from a response.", "Clients that read it when present never see it again."),
    same!("response-property-became-optional", B, Res, "A response property is no longer required.", "Clients that read it unconditionally fail when it is missing."),
    same!("response-property-became-required", I, Res, "A response property became required.", "No one."),
    same!("response-required-property-added", I, Res, "A required property was added to a response.", "No one."),
    same!("response-optional-property-added", I, Res, "An optional property was added to a response.", "No one."),
    same!("response-property-became-nullable", B, Res, "A response property may now be `null`.", "Clients that do not expect null fail on it."),
    same!("response-property-type-changed", B, Res, "A response property's type changed.", "Clients that parse the old type fail."),
    c("response-property-format-changed", B, Res, Some("response-property-type-changed"), "A response property's `format` changed.", "Clients that parse the old format fail."),
    same!("response-property-enum-value-added", B, Res, "A value was added to a response property's `enum`.", "Clients that switch over the old values meet one they do not handle."),
    same!("response-property-enum-value-removed", I, Res, "A value was removed from a response property's `enum`.", "No one: clients still handle every value sent."),
    same!("response-property-max-increased", W, Res, "A response property's `maximum` was raised.", "Clients that store it in a type sized for the old maximum may overflow."),
    same!("response-property-min-decreased", W, Res, "A response property's `minimum` was lowered.", "Clients that assume the old minimum may fail."),
    same!("response-property-max-length-increased", W, Res, "A response property's `maxLength` was raised.", "Clients that store it in a field sized for the old length may truncate or fail."),
    same!("response-property-min-length-decreased", W, Res, "A response property's `minLength` was lowered.", "Clients that assume the old minimum length may fail (an empty string where there was none)."),
    same!("response-property-min-items-decreased", W, Res, "A response property's `minItems` was lowered.", "Clients that read the first items unconditionally may fail."),
    same!("required-response-header-removed", B, Res, "A required response header was removed.", "Clients that read it find nothing."),
    same!("optional-response-header-removed", W, Res, "An optional response header was removed.", "Clients that read it when present never see it again."),
    same!("response-header-became-optional", B, Res, "A response header is no longer required.", "Clients that read it unconditionally fail when it is missing."),
    same!("response-header-added", I, Res, "A response header was added.", "No one."),
    // Security.
    same!("api-security-added", B, Api, "An operation requires a security scheme it did not require.", "Clients without those credentials get 401."),
    same!("api-security-removed", I, Api, "A security requirement was removed from an operation.", "No one."),
    same!("api-security-scope-added", B, Api, "An operation requires an OAuth scope it did not require.", "Clients whose tokens lack the scope get 403."),
    same!("api-security-scope-removed", I, Api, "An operation requires fewer OAuth scopes.", "No one."),
    same!("api-security-component-removed", W, Api, "A security scheme was removed from `components/securitySchemes` (`securityDefinitions`).", "Clients configured for it must move to another scheme."),
    same!("api-security-component-added", I, Api, "A security scheme was added.", "No one."),
    same!("api-security-component-type-changed", B, Api, "A security scheme's type changed (e.g. apiKey to oauth2).", "Clients send credentials the server no longer reads."),
    // Servers and components.
    c("server-removed", B, Api, SAME, "A server (URL) was removed.", "Clients configured with that URL can no longer reach the API there."),
    c("server-added", I, Api, SAME, "A server was added.", "No one."),
    c("base-path-changed", B, Api, SAME, "Swagger 2.0 `host` or `basePath` changed.", "Clients send every request to the old address."),
    same!("api-schema-removed", I, Api, "A schema was removed from the components (`definitions`).", "Code generated from the old spec loses the type; what operations use is reported by the other checks."),
    // AsyncAPI.
    c("channel-removed", B, Api, SAME, "An AsyncAPI channel was removed.", "Applications that publish or subscribe to it get nothing."),
    c("channel-added", I, Api, SAME, "An AsyncAPI channel was added.", "No one."),
    c("channel-address-changed", B, Api, SAME, "An AsyncAPI 3 channel's `address` changed.", "Applications that use the old address get nothing."),
    c("asyncapi-operation-removed", B, Api, SAME, "An AsyncAPI operation was removed.", "Applications that relied on the application sending or receiving these messages break."),
    c("asyncapi-operation-added", I, Api, SAME, "An AsyncAPI operation was added.", "No one."),
    c("asyncapi-operation-action-changed", B, Api, SAME, "An AsyncAPI 3 operation's `action` changed (send/receive).", "The messages flow the other way: every peer breaks."),
    c("message-removed", B, Api, SAME, "A message was removed from an AsyncAPI channel or operation.", "Peers that send or expect this message break."),
    c("message-added", I, Api, SAME, "A message was added to an AsyncAPI channel or operation.", "Consumers that do not expect other messages may fail; producers are unaffected."),
];

/// The check with this id.
pub fn check(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        for id in &ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "duplicate ids");
        assert!(n >= 80, "{n} checks");
    }
}

//! The objects of each specification and their fields: data, written by hand from the
//! OpenAPI (2.0, 3.0, 3.1, 3.2), AsyncAPI (2.x, 3.0) and JSON Schema texts. Descriptions are
//! short paraphrases of the specifications' own; each object links to its section.
//!
//! A field is kept for the version lines named by its mask ([`V`]); an object's fields are read
//! through [`fields_of`], which filters them for a line.

use crate::spec::Line;

/// A set of version lines, as bits.
pub type V = u16;
pub const SW2: V = 1;
pub const OA30: V = 2;
pub const OA31: V = 4;
pub const OA32: V = 8;
pub const AA2: V = 16;
pub const AA3: V = 32;
pub const JS: V = 64;
pub const OA3: V = OA30 | OA31 | OA32;
pub const OA: V = SW2 | OA3;
pub const OA31P: V = OA31 | OA32;
pub const AA: V = AA2 | AA3;
pub const ALL: V = OA | AA | JS;

/// The bit of a version line (JSON Schema drafts share one; an unknown line none).
pub fn line_bit(line: Line) -> V {
    match line {
        Line::Swagger2 => SW2,
        Line::OpenApi30 => OA30,
        Line::OpenApi31 => OA31,
        Line::OpenApi32 => OA32,
        Line::AsyncApi2 => AA2,
        Line::AsyncApi3 => AA3,
        Line::Draft04 | Line::Draft06 | Line::Draft07 | Line::Draft201909 | Line::Draft202012 => JS,
        Line::Unknown => 0,
    }
}

/// The objects of the specifications.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Obj {
    OaRoot,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    Items,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Header,
    Tag,
    Components,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    SecurityRequirement,
    Schema,
    Discriminator,
    Xml,
    AaRoot,
    AaServer,
    AaChannel,
    AaOperation,
    AaMessage,
    AaComponents,
    AaParameter,
    AaReply,
    AaCorrelationId,
    AaTrait,
    /// A mapping whose values are free (examples, extensions, bindings).
    Free,
}

/// What a field's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val {
    Text,
    Bool,
    Number,
    Enum(&'static [&'static str]),
    /// One object.
    Obj(Obj),
    /// A mapping of names to objects (`schemas`, `responses` of an operation).
    Map(Obj),
    /// A list of objects.
    List(Obj),
    /// A list of strings (`tags` of an operation, `required`).
    Texts,
    /// Any value (`example`, `default`, `enum`).
    Any,
    /// The `$ref` of a Reference Object.
    Ref,
}

pub struct Field {
    pub name: &'static str,
    pub doc: &'static str,
    pub val: Val,
    pub lines: V,
    /// Required by the specification where the object appears.
    pub required: bool,
}

const fn f(name: &'static str, val: Val, lines: V, doc: &'static str) -> Field {
    Field {
        name,
        doc,
        val,
        lines,
        required: false,
    }
}

/// A required field.
const fn r(name: &'static str, val: Val, lines: V, doc: &'static str) -> Field {
    Field {
        name,
        doc,
        val,
        lines,
        required: true,
    }
}

use Val::*;

pub const PARAM_IN_OA3: &[&str] = &["path", "query", "header", "cookie"];
pub const PARAM_IN_OA32: &[&str] = &["path", "query", "querystring", "header", "cookie"];
pub const PARAM_IN_SW2: &[&str] = &["path", "query", "header", "body", "formData"];
pub const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "null",
];
pub const STYLES: &[&str] = &[
    "form",
    "simple",
    "label",
    "matrix",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
];
pub const SEC_TYPES_OA3: &[&str] = &["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"];
pub const SEC_TYPES_SW2: &[&str] = &["basic", "apiKey", "oauth2"];
pub const SEC_TYPES_AA: &[&str] = &[
    "userPassword",
    "apiKey",
    "X509",
    "symmetricEncryption",
    "asymmetricEncryption",
    "httpApiKey",
    "http",
    "oauth2",
    "openIdConnect",
    "plain",
    "scramSha256",
    "scramSha512",
    "gssapi",
];
pub const SEC_IN: &[&str] = &["query", "header", "cookie"];
pub const COLLECTION_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes", "multi"];
pub const SCHEMES_SW2: &[&str] = &["https", "http", "ws", "wss"];
pub const FLOWS_SW2: &[&str] = &["implicit", "password", "application", "accessCode"];
pub const AA_ACTIONS: &[&str] = &["send", "receive"];

#[rustfmt::skip]
const ROOT: &[Field] = &[
    r("openapi", Text, OA3, "The version of the OpenAPI Specification this document uses (e.g. `3.1.0`)."),
    r("swagger", Text, SW2, "The version of the Swagger Specification: `\"2.0\"`."),
    r("info", Obj(Obj::Info), OA, "Metadata about the API: title, version, description, contact, license."),
    f("jsonSchemaDialect", Text, OA31P, "The default `$schema` for the Schema Objects of this document."),
    f("$self", Text, OA32, "The URI of this document, the base for resolving relative references."),
    f("servers", List(Obj::Server), OA3, "The servers that provide the API; relative URLs are relative to where the document is."),
    f("host", Text, SW2, "The host (name or IP, and port) serving the API."),
    f("basePath", Text, SW2, "The base path of the API, relative to the host; starts with `/`."),
    f("schemes", Texts, SW2, "The transfer protocols of the API: `http`, `https`, `ws`, `wss`."),
    f("consumes", Texts, SW2, "The media types the API operations can consume."),
    f("produces", Texts, SW2, "The media types the API operations can produce."),
    r("paths", Obj(Obj::Paths), SW2 | OA30, "The available paths and operations of the API."),
    f("paths", Obj(Obj::Paths), OA31P, "The available paths and operations of the API."),
    f("webhooks", Map(Obj::PathItem), OA31P, "Incoming webhooks the API consumer may receive, by name."),
    f("components", Obj(Obj::Components), OA3, "Reusable objects: schemas, responses, parameters, examples, security schemes…"),
    f("definitions", Map(Obj::Schema), SW2, "Reusable schemas, by name."),
    f("parameters", Map(Obj::Parameter), SW2, "Reusable parameters, by name."),
    f("responses", Map(Obj::Response), SW2, "Reusable responses, by name."),
    f("securityDefinitions", Map(Obj::SecurityScheme), SW2, "The security schemes available to the operations, by name."),
    f("security", List(Obj::SecurityRequirement), OA, "The security requirements that apply to every operation unless one overrides them; one of them must be satisfied."),
    f("tags", List(Obj::Tag), OA, "Tags used by the document, with their descriptions; their order can be used by tools."),
    f("externalDocs", Obj(Obj::ExternalDocs), OA, "Additional external documentation."),
];

#[rustfmt::skip]
const INFO: &[Field] = &[
    r("title", Text, OA | AA, "The title of the API."),
    f("summary", Text, OA31P, "A short summary of the API."),
    f("description", Text, OA | AA, "A description of the API; CommonMark may be used."),
    f("termsOfService", Text, OA | AA, "A URL to the Terms of Service of the API."),
    f("contact", Obj(Obj::Contact), OA | AA, "Contact information for the API."),
    f("license", Obj(Obj::License), OA | AA, "License information for the API."),
    r("version", Text, OA | AA, "The version of the API document (not of the specification)."),
    f("tags", List(Obj::Tag), AA3, "Tags for logical grouping of the application's operations."),
    f("externalDocs", Obj(Obj::ExternalDocs), AA3, "Additional external documentation of the application."),
];

#[rustfmt::skip]
const CONTACT: &[Field] = &[
    f("name", Text, OA | AA, "The name of the contact person or organization."),
    f("url", Text, OA | AA, "The URL of the contact information."),
    f("email", Text, OA | AA, "The email address of the contact."),
];

#[rustfmt::skip]
const LICENSE: &[Field] = &[
    r("name", Text, OA | AA, "The name of the license."),
    f("identifier", Text, OA31P, "An SPDX license expression; exclusive with `url`."),
    f("url", Text, OA | AA, "A URL to the license."),
];

#[rustfmt::skip]
const SERVER: &[Field] = &[
    r("url", Text, OA3 | AA2, "The URL of the target host; may be relative and may hold `{variables}`."),
    r("host", Text, AA3, "The server host name, with a port if needed; may hold `{variables}`."),
    r("protocol", Text, AA, "The protocol this server supports (`amqp`, `mqtt`, `kafka`, `ws`, `http`…)."),
    f("protocolVersion", Text, AA, "The version of the protocol."),
    f("pathname", Text, AA3, "The path to a resource on the host."),
    f("title", Text, AA3, "A human-friendly title for the server."),
    f("summary", Text, AA3, "A short summary of the server."),
    f("description", Text, OA3 | AA, "A description of the host the URL designates."),
    f("name", Text, OA32, "A unique name for the server."),
    f("variables", Map(Obj::ServerVariable), OA3 | AA, "Variables substituted in the server's URL template."),
    f("security", List(Obj::SecurityRequirement), AA2, "Security requirements to connect to this server."),
    f("security", List(Obj::SecurityScheme), AA3, "Security schemes to connect to this server."),
    f("tags", List(Obj::Tag), AA, "Tags for logical grouping of servers."),
    f("bindings", Obj(Obj::Free), AA, "Protocol-specific information for the server."),
];

#[rustfmt::skip]
const SERVER_VARIABLE: &[Field] = &[
    f("enum", Texts, OA3 | AA, "The values the variable may take."),
    r("default", Text, OA3, "The value used when no other is supplied."),
    f("default", Text, AA, "The value used when no other is supplied."),
    f("description", Text, OA3 | AA, "A description of the server variable."),
    f("examples", Texts, AA, "Examples of the variable's value."),
];

#[rustfmt::skip]
const PATH_ITEM: &[Field] = &[
    f("$ref", Ref, OA, "A reference to a Path Item defined elsewhere."),
    f("summary", Text, OA3, "A short summary for every operation of this path."),
    f("description", Text, OA3, "A description for every operation of this path."),
    f("get", Obj(Obj::Operation), OA, "A GET operation on this path."),
    f("put", Obj(Obj::Operation), OA, "A PUT operation on this path."),
    f("post", Obj(Obj::Operation), OA, "A POST operation on this path."),
    f("delete", Obj(Obj::Operation), OA, "A DELETE operation on this path."),
    f("options", Obj(Obj::Operation), OA, "An OPTIONS operation on this path."),
    f("head", Obj(Obj::Operation), OA, "A HEAD operation on this path."),
    f("patch", Obj(Obj::Operation), OA, "A PATCH operation on this path."),
    f("trace", Obj(Obj::Operation), OA3, "A TRACE operation on this path."),
    f("query", Obj(Obj::Operation), OA32, "A QUERY operation on this path."),
    f("additionalOperations", Map(Obj::Operation), OA32, "Operations of other HTTP methods, by method name."),
    f("servers", List(Obj::Server), OA3, "Servers for every operation of this path."),
    f("parameters", List(Obj::Parameter), OA, "Parameters for every operation of this path; an operation can override them (same `name` and `in`)."),
];

/// The HTTP methods of a Path Item, for ordering and operation snippets.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

#[rustfmt::skip]
const OPERATION: &[Field] = &[
    f("tags", Texts, OA, "Tags for grouping the operation (by resource or any other qualifier)."),
    f("summary", Text, OA, "A short summary of what the operation does."),
    f("description", Text, OA, "A verbose explanation of the operation; CommonMark may be used."),
    f("externalDocs", Obj(Obj::ExternalDocs), OA, "Additional external documentation for this operation."),
    f("operationId", Text, OA, "A unique string to identify the operation, among all operations of the API; tools and code generators use it."),
    f("consumes", Texts, SW2, "The media types the operation can consume (overrides the root's)."),
    f("produces", Texts, SW2, "The media types the operation can produce (overrides the root's)."),
    f("parameters", List(Obj::Parameter), OA, "Parameters of the operation; they override the path item's of the same `name` and `in`."),
    f("requestBody", Obj(Obj::RequestBody), OA3, "The request body of the operation."),
    r("responses", Obj(Obj::Responses), SW2 | OA30, "The possible responses of the operation, by HTTP status code."),
    f("responses", Obj(Obj::Responses), OA31P, "The possible responses of the operation, by HTTP status code."),
    f("schemes", Texts, SW2, "The transfer protocols of the operation (overrides the root's)."),
    f("callbacks", Map(Obj::Callback), OA3, "Out-of-band callbacks related to the operation, by name."),
    f("deprecated", Bool, OA, "Declares the operation deprecated; consumers should refrain from using it."),
    f("security", List(Obj::SecurityRequirement), OA, "The security requirements of this operation (overrides the root's; `[]` removes them)."),
    f("servers", List(Obj::Server), OA3, "Servers for this operation (override the path's and the root's)."),
];

#[rustfmt::skip]
const EXTERNAL_DOCS: &[Field] = &[
    f("description", Text, OA | AA, "A description of the target documentation."),
    r("url", Text, OA | AA, "The URL of the target documentation."),
];

#[rustfmt::skip]
const PARAMETER: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to a Parameter defined elsewhere."),
    r("name", Text, OA, "The name of the parameter (case sensitive); for `in: path` it must be one of the path template's `{names}`."),
    r("in", Enum(PARAM_IN_OA3), OA3, "Where the parameter is: `path`, `query`, `header` or `cookie`."),
    r("in", Enum(PARAM_IN_SW2), SW2, "Where the parameter is: `path`, `query`, `header`, `body` or `formData`."),
    f("description", Text, OA, "A brief description of the parameter; CommonMark may be used."),
    f("required", Bool, OA, "Whether the parameter is mandatory; must be `true` for `in: path`."),
    f("deprecated", Bool, OA3, "Declares the parameter deprecated."),
    f("allowEmptyValue", Bool, OA, "Allows an empty value (query parameters only; not recommended)."),
    f("style", Enum(STYLES), OA3, "How the value is serialized: `form`, `simple`, `label`, `matrix`, `spaceDelimited`, `pipeDelimited`, `deepObject`."),
    f("explode", Bool, OA3, "Whether arrays and objects make separate parameters for each value or property."),
    f("allowReserved", Bool, OA3, "Whether reserved characters (RFC 3986) are sent without percent-encoding."),
    f("schema", Obj(Obj::Schema), OA, "The type of the parameter (for Swagger 2.0: of a `body` parameter)."),
    f("example", Any, OA3, "An example of the parameter's value."),
    f("examples", Map(Obj::Example), OA3, "Examples of the parameter's value, by name."),
    f("content", Map(Obj::MediaType), OA3, "The representation of the parameter, by media type (one entry)."),
    f("type", Enum(&["string", "number", "integer", "boolean", "array", "file"]), SW2, "The type of a non-body parameter."),
    f("format", Text, SW2, "The extending format of the `type`."),
    f("items", Obj(Obj::Items), SW2, "The type of the items when `type` is `array`."),
    f("collectionFormat", Enum(COLLECTION_FORMATS), SW2, "How array values are separated: `csv`, `ssv`, `tsv`, `pipes`, `multi`."),
    f("default", Any, SW2, "The value the server uses when none is given."),
    f("enum", Any, SW2, "The values the parameter may take."),
    f("minimum", Number, SW2, "The least value allowed."),
    f("maximum", Number, SW2, "The greatest value allowed."),
    f("pattern", Text, SW2, "A regular expression the value must match."),
];

#[rustfmt::skip]
const ITEMS: &[Field] = &[
    r("type", Enum(&["string", "number", "integer", "boolean", "array"]), SW2, "The type of the array's items."),
    f("format", Text, SW2, "The extending format of the `type`."),
    f("items", Obj(Obj::Items), SW2, "The type of nested items when `type` is `array`."),
    f("collectionFormat", Enum(COLLECTION_FORMATS), SW2, "How array values are separated."),
    f("default", Any, SW2, "The default value."),
    f("enum", Any, SW2, "The values allowed."),
];

#[rustfmt::skip]
const REQUEST_BODY: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to a Request Body defined elsewhere."),
    f("description", Text, OA3, "A brief description of the request body; CommonMark may be used."),
    r("content", Map(Obj::MediaType), OA3, "The content of the request body, by media type (`application/json`, …)."),
    f("required", Bool, OA3, "Whether the request body is required; `false` by default."),
];

#[rustfmt::skip]
const MEDIA_TYPE: &[Field] = &[
    f("schema", Obj(Obj::Schema), OA3, "The schema of the content."),
    f("itemSchema", Obj(Obj::Schema), OA32, "The schema of each item of a sequential media type."),
    f("example", Any, OA3, "An example of the content."),
    f("examples", Map(Obj::Example), OA3, "Examples of the content, by name."),
    f("encoding", Map(Obj::Encoding), OA3, "The encoding of properties (multipart and form bodies), by property name."),
];

#[rustfmt::skip]
const ENCODING: &[Field] = &[
    f("contentType", Text, OA3, "The Content-Type of the property (e.g. `image/png`)."),
    f("headers", Map(Obj::Header), OA3, "Headers of the part (multipart), by name."),
    f("style", Enum(STYLES), OA3, "How the property is serialized (form bodies)."),
    f("explode", Bool, OA3, "Whether arrays and objects make separate values."),
    f("allowReserved", Bool, OA3, "Whether reserved characters are sent without percent-encoding."),
];

#[rustfmt::skip]
const RESPONSE: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to a Response defined elsewhere."),
    f("summary", Text, OA32, "A short summary of the response."),
    r("description", Text, OA, "A description of the response; CommonMark may be used."),
    f("headers", Map(Obj::Header), OA, "Headers of the response, by name (`Content-Type` is ignored)."),
    f("content", Map(Obj::MediaType), OA3, "The possible payloads of the response, by media type."),
    f("links", Map(Obj::Link), OA3, "Operations that can be followed from the response, by name."),
    f("schema", Obj(Obj::Schema), SW2, "The structure of the response body."),
    f("examples", Map(Obj::Free), SW2, "Examples of the response, by media type."),
];

#[rustfmt::skip]
const EXAMPLE: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to an Example defined elsewhere."),
    f("summary", Text, OA3, "A short description of the example."),
    f("description", Text, OA3, "A long description of the example; CommonMark may be used."),
    f("value", Any, OA3, "The example value (exclusive with `externalValue`)."),
    f("dataValue", Any, OA32, "The example as data, before serialization."),
    f("serializedValue", Text, OA32, "The example as serialized on the wire."),
    f("externalValue", Text, OA3, "A URL of the example (exclusive with `value`)."),
];

#[rustfmt::skip]
const LINK: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to a Link defined elsewhere."),
    f("operationRef", Text, OA3, "A URI reference to an operation (exclusive with `operationId`)."),
    f("operationId", Text, OA3, "The `operationId` of an existing operation."),
    f("parameters", Map(Obj::Free), OA3, "Parameters to pass to the linked operation, by name; values are runtime expressions or constants."),
    f("requestBody", Any, OA3, "A runtime expression or constant used as the linked operation's body."),
    f("description", Text, OA3, "A description of the link."),
    f("server", Obj(Obj::Server), OA3, "A server the linked operation uses."),
];

#[rustfmt::skip]
const HEADER: &[Field] = &[
    f("$ref", Ref, OA3, "A reference to a Header defined elsewhere."),
    f("description", Text, OA, "A brief description of the header."),
    f("required", Bool, OA3, "Whether the header is mandatory."),
    f("deprecated", Bool, OA3, "Declares the header deprecated."),
    f("style", Enum(&["simple"]), OA3, "How the value is serialized (`simple` only)."),
    f("explode", Bool, OA3, "Whether arrays and objects make separate values."),
    f("schema", Obj(Obj::Schema), OA3, "The type of the header."),
    f("example", Any, OA3, "An example of the header's value."),
    f("examples", Map(Obj::Example), OA3, "Examples of the header's value, by name."),
    f("content", Map(Obj::MediaType), OA3, "The representation of the header, by media type."),
    r("type", Enum(&["string", "number", "integer", "boolean", "array"]), SW2, "The type of the header."),
    f("format", Text, SW2, "The extending format of the `type`."),
    f("items", Obj(Obj::Items), SW2, "The type of the items when `type` is `array`."),
];

#[rustfmt::skip]
const TAG: &[Field] = &[
    r("name", Text, OA | AA, "The name of the tag."),
    f("summary", Text, OA32, "A short summary of the tag."),
    f("description", Text, OA | AA, "A description of the tag; CommonMark may be used."),
    f("externalDocs", Obj(Obj::ExternalDocs), OA | AA, "Additional external documentation for the tag."),
    f("parent", Text, OA32, "The `name` of the tag this one is nested under."),
    f("kind", Text, OA32, "A machine-readable category of the tag (`nav`, `badge`, `audience`…)."),
];

#[rustfmt::skip]
const COMPONENTS: &[Field] = &[
    f("schemas", Map(Obj::Schema), OA3 | AA, "Reusable Schema Objects, by name."),
    f("responses", Map(Obj::Response), OA3, "Reusable Response Objects, by name."),
    f("parameters", Map(Obj::Parameter), OA3, "Reusable Parameter Objects, by name."),
    f("examples", Map(Obj::Example), OA3, "Reusable Example Objects, by name."),
    f("requestBodies", Map(Obj::RequestBody), OA3, "Reusable Request Body Objects, by name."),
    f("headers", Map(Obj::Header), OA3, "Reusable Header Objects, by name."),
    f("securitySchemes", Map(Obj::SecurityScheme), OA3 | AA, "Reusable Security Scheme Objects, by name."),
    f("links", Map(Obj::Link), OA3, "Reusable Link Objects, by name."),
    f("callbacks", Map(Obj::Callback), OA3, "Reusable Callback Objects, by name."),
    f("pathItems", Map(Obj::PathItem), OA31P, "Reusable Path Item Objects, by name."),
    f("mediaTypes", Map(Obj::MediaType), OA32, "Reusable Media Type Objects, by name."),
];

#[rustfmt::skip]
const SECURITY_SCHEME: &[Field] = &[
    f("$ref", Ref, OA3 | AA, "A reference to a Security Scheme defined elsewhere."),
    r("type", Enum(SEC_TYPES_OA3), OA3, "The type of the scheme: `apiKey`, `http`, `mutualTLS`, `oauth2`, `openIdConnect`."),
    r("type", Enum(SEC_TYPES_SW2), SW2, "The type of the scheme: `basic`, `apiKey`, `oauth2`."),
    r("type", Enum(SEC_TYPES_AA), AA, "The type of the security scheme."),
    f("description", Text, OA | AA, "A description of the scheme."),
    f("name", Text, OA | AA, "The name of the header, query or cookie parameter (`apiKey`, `httpApiKey`)."),
    f("in", Enum(SEC_IN), OA3, "Where the API key is: `query`, `header` or `cookie` (`apiKey`)."),
    f("in", Enum(&["query", "header"]), SW2, "Where the API key is: `query` or `header` (`apiKey`)."),
    f("in", Enum(&["user", "password", "query", "header", "cookie"]), AA, "Where the key is (`apiKey`, `httpApiKey`)."),
    f("scheme", Text, OA3 | AA, "The HTTP Authorization scheme (RFC 7235), e.g. `bearer`, `basic` (`http`)."),
    f("bearerFormat", Text, OA3 | AA, "A hint of how the bearer token is formatted, e.g. `JWT` (`http`, `bearer`)."),
    f("flows", Obj(Obj::OAuthFlows), OA3 | AA, "The OAuth flows supported (`oauth2`)."),
    f("openIdConnectUrl", Text, OA3 | AA, "The OpenID Connect discovery URL (`openIdConnect`)."),
    f("oauth2MetadataUrl", Text, OA32, "The OAuth2 authorization server metadata URL (RFC 8414)."),
    f("deprecated", Bool, OA32, "Declares the security scheme deprecated."),
    f("flow", Enum(FLOWS_SW2), SW2, "The OAuth2 flow: `implicit`, `password`, `application`, `accessCode`."),
    f("authorizationUrl", Text, SW2, "The authorization URL (`implicit`, `accessCode`)."),
    f("tokenUrl", Text, SW2, "The token URL (`password`, `application`, `accessCode`)."),
    f("scopes", Map(Obj::Free), SW2 | AA3, "The available scopes, by name, with a short description."),
];

#[rustfmt::skip]
const OAUTH_FLOWS: &[Field] = &[
    f("implicit", Obj(Obj::OAuthFlow), OA3 | AA, "The OAuth Implicit flow."),
    f("password", Obj(Obj::OAuthFlow), OA3 | AA, "The OAuth Resource Owner Password flow."),
    f("clientCredentials", Obj(Obj::OAuthFlow), OA3 | AA, "The OAuth Client Credentials flow."),
    f("authorizationCode", Obj(Obj::OAuthFlow), OA3 | AA, "The OAuth Authorization Code flow."),
    f("deviceAuthorization", Obj(Obj::OAuthFlow), OA32, "The OAuth Device Authorization flow."),
];

#[rustfmt::skip]
const OAUTH_FLOW: &[Field] = &[
    f("authorizationUrl", Text, OA3 | AA, "The authorization URL (`implicit`, `authorizationCode`)."),
    f("deviceAuthorizationUrl", Text, OA32, "The device authorization URL (`deviceAuthorization`)."),
    f("tokenUrl", Text, OA3 | AA, "The token URL (`password`, `clientCredentials`, `authorizationCode`)."),
    f("refreshUrl", Text, OA3 | AA, "The URL for obtaining refresh tokens."),
    r("scopes", Map(Obj::Free), OA3 | AA2, "The available scopes, by name, with a short description (may be empty)."),
    f("availableScopes", Map(Obj::Free), AA3, "The available scopes, by name, with a short description."),
];

#[rustfmt::skip]
const SCHEMA: &[Field] = &[
    f("$ref", Ref, ALL, "A reference to a schema defined elsewhere."),
    f("$schema", Text, JS | OA31P, "The dialect (meta-schema) of this schema."),
    f("$id", Text, JS | OA31P, "The base URI of this schema resource."),
    f("$defs", Map(Obj::Schema), JS | OA31P, "Reusable subschemas, by name."),
    f("definitions", Map(Obj::Schema), JS, "Reusable subschemas, by name (before 2019-09)."),
    f("$anchor", Text, JS | OA31P, "A plain-name fragment by which this schema can be referenced."),
    f("$comment", Text, JS | OA31P, "A comment for maintainers; no effect on validation."),
    f("title", Text, ALL, "A short title of the data."),
    f("description", Text, ALL, "An explanation of the data; CommonMark may be used in OpenAPI."),
    f("type", Enum(TYPES), ALL, "The type of the data: `string`, `number`, `integer`, `boolean`, `object`, `array` (and `null` since OpenAPI 3.1 / JSON Schema)."),
    f("format", Text, ALL, "A finer type: `int32`, `int64`, `date-time`, `uuid`, `email`, `uri`, `binary`…"),
    f("properties", Map(Obj::Schema), ALL, "The schemas of the object's properties, by name."),
    f("required", Texts, ALL, "The properties the object must have."),
    f("items", Obj(Obj::Schema), ALL, "The schema of the array's items."),
    f("prefixItems", List(Obj::Schema), JS | OA31P, "The schemas of the first items of the array, in order."),
    f("additionalProperties", Obj(Obj::Schema), ALL, "The schema of properties not listed in `properties` (or `false` to forbid them)."),
    f("patternProperties", Map(Obj::Schema), JS | OA31P, "Schemas of properties whose names match a regular expression."),
    f("enum", Any, ALL, "The values the data may take."),
    f("const", Any, JS | OA31P | AA, "The one value the data must equal."),
    f("default", Any, ALL, "The value to use when none is given."),
    f("example", Any, OA | AA2, "An example of the data (deprecated in 3.1 in favour of `examples`)."),
    f("examples", Any, JS | OA31P | AA, "Examples of the data (a list)."),
    f("allOf", List(Obj::Schema), ALL, "The data must be valid against all of these schemas."),
    f("oneOf", List(Obj::Schema), OA3 | AA | JS, "The data must be valid against exactly one of these schemas."),
    f("anyOf", List(Obj::Schema), OA3 | AA | JS, "The data must be valid against at least one of these schemas."),
    f("not", Obj(Obj::Schema), OA3 | AA | JS, "The data must not be valid against this schema."),
    f("if", Obj(Obj::Schema), JS | OA31P | AA, "If the data is valid against this schema, `then` applies, else `else`."),
    f("then", Obj(Obj::Schema), JS | OA31P | AA, "Applies when `if` holds."),
    f("else", Obj(Obj::Schema), JS | OA31P | AA, "Applies when `if` does not hold."),
    f("nullable", Bool, OA30, "Allows `null` as a value (OpenAPI 3.0; 3.1 uses `type: [..., \"null\"]`)."),
    f("discriminator", Obj(Obj::Discriminator), OA3 | AA2, "Tells which schema of a `oneOf`/`anyOf` applies, by a property's value."),
    f("discriminator", Text, SW2 | AA3, "The property that tells which schema applies."),
    f("readOnly", Bool, ALL, "The property is sent in responses only."),
    f("writeOnly", Bool, OA3 | JS | AA, "The property is sent in requests only."),
    f("deprecated", Bool, OA3 | JS | AA, "The schema is deprecated."),
    f("xml", Obj(Obj::Xml), OA, "How to represent the data in XML."),
    f("externalDocs", Obj(Obj::ExternalDocs), OA | AA, "Additional external documentation for the schema."),
    f("minimum", Number, ALL, "The least value allowed."),
    f("maximum", Number, ALL, "The greatest value allowed."),
    f("exclusiveMinimum", Number, ALL, "The value must be greater than this (a boolean modifier of `minimum` in 3.0 and 2.0)."),
    f("exclusiveMaximum", Number, ALL, "The value must be less than this (a boolean modifier of `maximum` in 3.0 and 2.0)."),
    f("multipleOf", Number, ALL, "The value must be a multiple of this."),
    f("minLength", Number, ALL, "The least length of the string."),
    f("maxLength", Number, ALL, "The greatest length of the string."),
    f("pattern", Text, ALL, "A regular expression (ECMA-262) the string must match."),
    f("minItems", Number, ALL, "The least number of items."),
    f("maxItems", Number, ALL, "The greatest number of items."),
    f("uniqueItems", Bool, ALL, "The items must all differ."),
    f("minProperties", Number, ALL, "The least number of properties."),
    f("maxProperties", Number, ALL, "The greatest number of properties."),
    f("contentMediaType", Text, JS | OA31P, "The media type of a string's content."),
    f("contentEncoding", Text, JS | OA31P, "The encoding of a string's content (`base64`)."),
    f("dependentRequired", Map(Obj::Free), JS | OA31P, "Properties required when a given property is present."),
    f("unevaluatedProperties", Obj(Obj::Schema), JS | OA31P, "The schema of properties no other keyword evaluated."),
];

#[rustfmt::skip]
const DISCRIMINATOR: &[Field] = &[
    r("propertyName", Text, OA3 | AA2, "The property whose value tells which schema applies."),
    f("mapping", Map(Obj::Free), OA3 | AA2, "Values of the property mapped to schema names or references."),
    f("defaultMapping", Text, OA32, "The schema to use when the property is absent or unmapped."),
];

#[rustfmt::skip]
const XML: &[Field] = &[
    f("name", Text, OA, "The name of the element or attribute."),
    f("namespace", Text, OA, "The URI of the namespace."),
    f("prefix", Text, OA, "The prefix of the name."),
    f("attribute", Bool, OA, "Whether the property is an attribute rather than an element."),
    f("wrapped", Bool, OA, "Whether an array is wrapped in an element."),
    f("nodeType", Enum(&["element", "attribute", "text", "cdata", "none"]), OA32, "The kind of XML node."),
];

#[rustfmt::skip]
const AA_ROOT: &[Field] = &[
    r("asyncapi", Text, AA, "The version of the AsyncAPI Specification this document uses (e.g. `3.0.0`)."),
    f("id", Text, AA, "The identifier of the application (a URI)."),
    r("info", Obj(Obj::Info), AA, "Metadata about the application: title, version, description…"),
    f("servers", Map(Obj::AaServer), AA, "The servers of the application, by name."),
    f("defaultContentType", Text, AA, "The content type of messages that do not give one (`application/json`)."),
    r("channels", Map(Obj::AaChannel), AA2, "The channels of the application and their operations, by name."),
    f("channels", Map(Obj::AaChannel), AA3, "The channels of the application, by name."),
    f("operations", Map(Obj::AaOperation), AA3, "The operations of the application, by id."),
    f("components", Obj(Obj::AaComponents), AA, "Reusable objects: schemas, messages, security schemes…"),
    f("tags", List(Obj::Tag), AA2, "Tags used by the document."),
    f("externalDocs", Obj(Obj::ExternalDocs), AA2, "Additional external documentation."),
];

#[rustfmt::skip]
const AA_CHANNEL: &[Field] = &[
    f("$ref", Ref, AA, "A reference to a channel defined elsewhere."),
    f("address", Text, AA3, "The address of the channel (topic, routing key, path…); may hold `{parameters}`."),
    f("messages", Map(Obj::AaMessage), AA3, "The messages that can be sent on this channel, by id."),
    f("title", Text, AA3, "A human-friendly title for the channel."),
    f("summary", Text, AA3, "A short summary of the channel."),
    f("description", Text, AA, "A description of the channel."),
    f("servers", Texts, AA2, "The names of the servers this channel is available on."),
    f("servers", List(Obj::Free), AA3, "References to the servers this channel is available on."),
    f("subscribe", Obj(Obj::AaOperation), AA2, "Messages the application sends on this channel (the consumer subscribes)."),
    f("publish", Obj(Obj::AaOperation), AA2, "Messages the application receives on this channel (the consumer publishes)."),
    f("parameters", Map(Obj::AaParameter), AA, "The parameters of the channel's address, by name."),
    f("tags", List(Obj::Tag), AA3, "Tags for logical grouping of channels."),
    f("externalDocs", Obj(Obj::ExternalDocs), AA3, "Additional external documentation for the channel."),
    f("bindings", Obj(Obj::Free), AA, "Protocol-specific information for the channel."),
];

#[rustfmt::skip]
const AA_OPERATION: &[Field] = &[
    f("$ref", Ref, AA3, "A reference to an operation defined elsewhere."),
    r("action", Enum(AA_ACTIONS), AA3, "`send`: the application sends messages; `receive`: it expects them."),
    r("channel", Obj(Obj::AaChannel), AA3, "A `$ref` to the channel this operation is on."),
    f("operationId", Text, AA2, "A unique string to identify the operation."),
    f("title", Text, AA3, "A human-friendly title for the operation."),
    f("summary", Text, AA, "A short summary of what the operation does."),
    f("description", Text, AA, "A verbose explanation of the operation."),
    f("security", List(Obj::SecurityRequirement), AA2, "Security requirements of this operation."),
    f("security", List(Obj::SecurityScheme), AA3, "Security schemes of this operation."),
    f("tags", List(Obj::Tag), AA, "Tags for logical grouping of operations."),
    f("externalDocs", Obj(Obj::ExternalDocs), AA, "Additional external documentation for the operation."),
    f("bindings", Obj(Obj::Free), AA, "Protocol-specific information for the operation."),
    f("traits", List(Obj::AaTrait), AA, "Traits applied to the operation."),
    f("message", Obj(Obj::AaMessage), AA2, "The message (or `oneOf` messages) of the operation."),
    f("messages", List(Obj::Free), AA3, "`$ref`s to the channel's messages this operation uses."),
    f("reply", Obj(Obj::AaReply), AA3, "The reply to this operation (request/reply)."),
];

#[rustfmt::skip]
const AA_MESSAGE: &[Field] = &[
    f("$ref", Ref, AA, "A reference to a message defined elsewhere."),
    f("headers", Obj(Obj::Schema), AA, "The schema of the message's headers."),
    f("payload", Obj(Obj::Schema), AA, "The schema of the message's payload."),
    f("correlationId", Obj(Obj::AaCorrelationId), AA, "How to find the identifier that correlates messages."),
    f("schemaFormat", Text, AA2, "The format of the payload's schema (AsyncAPI, JSON Schema, Avro…)."),
    f("contentType", Text, AA, "The content type of the payload (`application/json`)."),
    f("name", Text, AA, "A machine-friendly name for the message."),
    f("title", Text, AA, "A human-friendly title for the message."),
    f("summary", Text, AA, "A short summary of the message."),
    f("description", Text, AA, "A verbose explanation of the message."),
    f("tags", List(Obj::Tag), AA, "Tags for logical grouping of messages."),
    f("externalDocs", Obj(Obj::ExternalDocs), AA, "Additional external documentation for the message."),
    f("bindings", Obj(Obj::Free), AA, "Protocol-specific information for the message."),
    f("examples", List(Obj::Free), AA, "Examples of the message (`headers`, `payload`, `name`, `summary`)."),
    f("traits", List(Obj::AaTrait), AA, "Traits applied to the message."),
    f("oneOf", List(Obj::AaMessage), AA2, "One of these messages (in an operation's `message`)."),
];

#[rustfmt::skip]
const AA_COMPONENTS: &[Field] = &[
    f("schemas", Map(Obj::Schema), AA, "Reusable schemas, by name."),
    f("servers", Map(Obj::AaServer), AA, "Reusable servers, by name."),
    f("channels", Map(Obj::AaChannel), AA, "Reusable channels, by name."),
    f("operations", Map(Obj::AaOperation), AA3, "Reusable operations, by name."),
    f("messages", Map(Obj::AaMessage), AA, "Reusable messages, by name."),
    f("securitySchemes", Map(Obj::SecurityScheme), AA, "Reusable security schemes, by name."),
    f("serverVariables", Map(Obj::ServerVariable), AA, "Reusable server variables, by name."),
    f("parameters", Map(Obj::AaParameter), AA, "Reusable channel parameters, by name."),
    f("correlationIds", Map(Obj::AaCorrelationId), AA, "Reusable correlation ids, by name."),
    f("replies", Map(Obj::AaReply), AA3, "Reusable replies, by name."),
    f("tags", Map(Obj::Tag), AA3, "Reusable tags, by name."),
    f("externalDocs", Map(Obj::ExternalDocs), AA3, "Reusable external documentation, by name."),
    f("operationTraits", Map(Obj::AaTrait), AA, "Reusable operation traits, by name."),
    f("messageTraits", Map(Obj::AaTrait), AA, "Reusable message traits, by name."),
];

#[rustfmt::skip]
const AA_PARAMETER: &[Field] = &[
    f("$ref", Ref, AA, "A reference to a parameter defined elsewhere."),
    f("description", Text, AA, "A description of the parameter."),
    f("schema", Obj(Obj::Schema), AA2, "The schema of the parameter."),
    f("enum", Texts, AA3, "The values the parameter may take."),
    f("default", Text, AA3, "The value used when none is given."),
    f("examples", Texts, AA3, "Examples of the parameter's value."),
    f("location", Text, AA, "A runtime expression for where the parameter's value is in a message."),
];

#[rustfmt::skip]
const AA_REPLY: &[Field] = &[
    f("$ref", Ref, AA3, "A reference to a reply defined elsewhere."),
    f("address", Obj(Obj::Free), AA3, "Where to send the reply (`location`, `description`)."),
    f("channel", Obj(Obj::AaChannel), AA3, "A `$ref` to the channel of the reply."),
    f("messages", List(Obj::Free), AA3, "`$ref`s to the messages of the reply."),
];

#[rustfmt::skip]
const AA_CORRELATION_ID: &[Field] = &[
    f("$ref", Ref, AA, "A reference to a correlation id defined elsewhere."),
    f("description", Text, AA, "A description of the identifier."),
    r("location", Text, AA, "A runtime expression for where the identifier is (`$message.header#/correlationId`)."),
];

#[rustfmt::skip]
const AA_TRAIT: &[Field] = &[
    f("$ref", Ref, AA, "A reference to a trait defined elsewhere."),
    f("summary", Text, AA, "A short summary."),
    f("description", Text, AA, "A verbose explanation."),
    f("tags", List(Obj::Tag), AA, "Tags for logical grouping."),
    f("bindings", Obj(Obj::Free), AA, "Protocol-specific information."),
];

const SECURITY_REQUIREMENT: &[Field] = &[];
const NONE: &[Field] = &[];

/// All the fields of an object, for every version line.
pub fn all_fields(obj: Obj) -> &'static [Field] {
    match obj {
        Obj::OaRoot => ROOT,
        Obj::Info => INFO,
        Obj::Contact => CONTACT,
        Obj::License => LICENSE,
        Obj::Server | Obj::AaServer => SERVER,
        Obj::ServerVariable => SERVER_VARIABLE,
        Obj::Paths => NONE,
        Obj::PathItem => PATH_ITEM,
        Obj::Operation => OPERATION,
        Obj::ExternalDocs => EXTERNAL_DOCS,
        Obj::Parameter => PARAMETER,
        Obj::Items => ITEMS,
        Obj::RequestBody => REQUEST_BODY,
        Obj::MediaType => MEDIA_TYPE,
        Obj::Encoding => ENCODING,
        Obj::Responses => NONE,
        Obj::Response => RESPONSE,
        Obj::Callback => NONE,
        Obj::Example => EXAMPLE,
        Obj::Link => LINK,
        Obj::Header => HEADER,
        Obj::Tag => TAG,
        Obj::Components => COMPONENTS,
        Obj::SecurityScheme => SECURITY_SCHEME,
        Obj::OAuthFlows => OAUTH_FLOWS,
        Obj::OAuthFlow => OAUTH_FLOW,
        Obj::SecurityRequirement => SECURITY_REQUIREMENT,
        Obj::Schema => SCHEMA,
        Obj::Discriminator => DISCRIMINATOR,
        Obj::Xml => XML,
        Obj::AaRoot => AA_ROOT,
        Obj::AaChannel => AA_CHANNEL,
        Obj::AaOperation => AA_OPERATION,
        Obj::AaMessage => AA_MESSAGE,
        Obj::AaComponents => AA_COMPONENTS,
        Obj::AaParameter => AA_PARAMETER,
        Obj::AaReply => AA_REPLY,
        Obj::AaCorrelationId => AA_CORRELATION_ID,
        Obj::AaTrait => AA_TRAIT,
        Obj::Free => NONE,
    }
}

/// The fields of an object in one version line (every line's when the line is unknown).
pub fn fields_of(obj: Obj, line: Line) -> impl Iterator<Item = &'static Field> {
    let bit = line_bit(line);
    all_fields(obj)
        .iter()
        .filter(move |f| bit == 0 || f.lines & bit != 0)
}

/// The field `name` of an object in a version line.
pub fn field(obj: Obj, line: Line, name: &str) -> Option<&'static Field> {
    fields_of(obj, line).find(|f| f.name == name)
}

/// The fields most written in an object, most used first (offered before the others).
pub fn common(obj: Obj) -> &'static [&'static str] {
    match obj {
        Obj::OaRoot => &["info", "paths", "components", "servers", "security", "tags"],
        Obj::AaRoot => &["info", "servers", "channels", "operations", "components"],
        Obj::Operation => &[
            "summary",
            "operationId",
            "parameters",
            "requestBody",
            "responses",
            "description",
            "tags",
        ],
        Obj::Schema => &[
            "type",
            "properties",
            "required",
            "items",
            "description",
            "enum",
            "format",
            "$ref",
            "allOf",
            "oneOf",
        ],
        Obj::Parameter => &["name", "in", "required", "schema", "description"],
        Obj::Response => &["description", "content", "headers"],
        Obj::PathItem => METHODS,
        Obj::AaOperation => &["action", "channel", "messages", "summary"],
        Obj::AaChannel => &["address", "messages", "subscribe", "publish", "description"],
        Obj::AaMessage => &["payload", "name", "contentType", "headers"],
        _ => &[],
    }
}

/// What the values of a mapping of this object are, when its keys are names rather than
/// fields (`paths`, `responses`, a callback's expressions).
pub fn patterned(obj: Obj) -> Option<Obj> {
    match obj {
        Obj::Paths | Obj::Callback => Some(Obj::PathItem),
        Obj::Responses => Some(Obj::Response),
        _ => None,
    }
}

/// The title of an object in the specification, and the link to its section.
pub fn section(obj: Obj, line: Line) -> (&'static str, String) {
    let (title, oa_anchor, aa_anchor) = match obj {
        Obj::OaRoot => ("OpenAPI Object", "openapi-object", ""),
        Obj::Info => ("Info Object", "info-object", "infoObject"),
        Obj::Contact => ("Contact Object", "contact-object", "contactObject"),
        Obj::License => ("License Object", "license-object", "licenseObject"),
        Obj::Server | Obj::AaServer => ("Server Object", "server-object", "serverObject"),
        Obj::ServerVariable => (
            "Server Variable Object",
            "server-variable-object",
            "serverVariableObject",
        ),
        Obj::Paths => ("Paths Object", "paths-object", ""),
        Obj::PathItem => ("Path Item Object", "path-item-object", ""),
        Obj::Operation => ("Operation Object", "operation-object", ""),
        Obj::ExternalDocs => (
            "External Documentation Object",
            "external-documentation-object",
            "externalDocumentationObject",
        ),
        Obj::Parameter => ("Parameter Object", "parameter-object", ""),
        Obj::Items => ("Items Object", "items-object", ""),
        Obj::RequestBody => ("Request Body Object", "request-body-object", ""),
        Obj::MediaType => ("Media Type Object", "media-type-object", ""),
        Obj::Encoding => ("Encoding Object", "encoding-object", ""),
        Obj::Responses => ("Responses Object", "responses-object", ""),
        Obj::Response => ("Response Object", "response-object", ""),
        Obj::Callback => ("Callback Object", "callback-object", ""),
        Obj::Example => ("Example Object", "example-object", ""),
        Obj::Link => ("Link Object", "link-object", ""),
        Obj::Header => ("Header Object", "header-object", ""),
        Obj::Tag => ("Tag Object", "tag-object", "tagObject"),
        Obj::Components => ("Components Object", "components-object", ""),
        Obj::SecurityScheme => (
            "Security Scheme Object",
            "security-scheme-object",
            "securitySchemeObject",
        ),
        Obj::OAuthFlows => (
            "OAuth Flows Object",
            "oauth-flows-object",
            "oauthFlowsObject",
        ),
        Obj::OAuthFlow => ("OAuth Flow Object", "oauth-flow-object", "oauthFlowObject"),
        Obj::SecurityRequirement => (
            "Security Requirement Object",
            "security-requirement-object",
            "securityRequirementObject",
        ),
        Obj::Schema => ("Schema Object", "schema-object", "schemaObject"),
        Obj::Discriminator => (
            "Discriminator Object",
            "discriminator-object",
            "discriminatorObject",
        ),
        Obj::Xml => ("XML Object", "xml-object", ""),
        Obj::AaRoot => ("AsyncAPI Object", "", "A2SObject"),
        Obj::AaChannel => ("Channel Object", "", "channelObject"),
        Obj::AaOperation => ("Operation Object", "", "operationObject"),
        Obj::AaMessage => ("Message Object", "", "messageObject"),
        Obj::AaComponents => ("Components Object", "", "componentsObject"),
        Obj::AaParameter => ("Parameter Object", "", "parameterObject"),
        Obj::AaReply => ("Operation Reply Object", "", "operationReplyObject"),
        Obj::AaCorrelationId => ("Correlation ID Object", "", "correlationIdObject"),
        Obj::AaTrait => ("Trait Object", "", "operationTraitObject"),
        Obj::Free => ("Object", "", ""),
    };
    let url = match line {
        Line::Swagger2 => format!("https://swagger.io/specification/v2/#{oa_anchor}"),
        Line::OpenApi30 => format!("https://spec.openapis.org/oas/v3.0.4.html#{oa_anchor}"),
        Line::OpenApi31 => format!("https://spec.openapis.org/oas/v3.1.1.html#{oa_anchor}"),
        Line::OpenApi32 => format!("https://spec.openapis.org/oas/v3.2.0.html#{oa_anchor}"),
        Line::AsyncApi2 => {
            format!("https://www.asyncapi.com/docs/reference/specification/v2.6.0#{aa_anchor}")
        }
        Line::AsyncApi3 => {
            format!("https://www.asyncapi.com/docs/reference/specification/v3.0.0#{aa_anchor}")
        }
        _ => "https://json-schema.org/draft/2020-12/json-schema-validation".to_string(),
    };
    (title, url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_follow_the_version_line() {
        let names = |obj, line| fields_of(obj, line).map(|f| f.name).collect::<Vec<_>>();
        assert!(names(Obj::OaRoot, Line::OpenApi31).contains(&"webhooks"));
        assert!(!names(Obj::OaRoot, Line::OpenApi30).contains(&"webhooks"));
        assert!(names(Obj::OaRoot, Line::Swagger2).contains(&"definitions"));
        assert!(!names(Obj::OaRoot, Line::OpenApi30).contains(&"definitions"));
        assert!(names(Obj::Schema, Line::OpenApi30).contains(&"nullable"));
        assert!(!names(Obj::Schema, Line::OpenApi31).contains(&"nullable"));
        assert_eq!(
            field(Obj::Parameter, Line::Swagger2, "in").map(|f| f.val),
            Some(Val::Enum(PARAM_IN_SW2))
        );
        // No object lists a field twice for one line.
        for obj in [
            Obj::OaRoot,
            Obj::Operation,
            Obj::Schema,
            Obj::SecurityScheme,
        ] {
            for line in [
                Line::Swagger2,
                Line::OpenApi30,
                Line::OpenApi31,
                Line::AsyncApi3,
            ] {
                let mut n = names(obj, line);
                let len = n.len();
                n.sort();
                n.dedup();
                assert_eq!(n.len(), len, "{obj:?} {line:?}");
            }
        }
    }
}

//! AsyncAPI 2.x and 3.x: servers, channels, operations and their messages' payloads.
//!
//! Direction: a message the application receives (2.x `publish`, 3.x `action: receive`) is
//! what its peers send, compared like a request; one it sends (`subscribe`, `send`) is what its
//! peers get, compared like a response.

use super::edit;
use super::schema::{Place, Schemas, Subject};
use super::{Direction, Scope, Sink, N};

pub fn diff(o: N<'_>, n: N<'_>, sink: &mut Sink) {
    let mut schemas = Schemas::default();
    if sink.enter(Scope::Document) {
        servers(o, n, sink);
    }
    channels(o, n, sink, &mut schemas);
    operations(o, n, sink, &mut schemas);
    schemas.finish();
    sink.scope = Scope::Document;
}

fn servers(o: N<'_>, n: N<'_>, sink: &mut Sink) {
    let Some(os) = o.get("servers") else { return };
    let ns = n.get("servers");
    for (name, okey, oval) in os.entries() {
        if ns.is_some_and(|ns| ns.get_raw(&name).is_some()) {
            continue;
        }
        let parent = ns.unwrap_or(n);
        sink.removed(
            "server-removed",
            format!("server `{name}` removed"),
            parent,
            okey,
            &edit::entry_text(okey, oval),
            || {
                edit::fix(
                    format!("Restore the server `{name}`"),
                    parent,
                    edit::restore_entry(parent, okey, oval, false),
                )
                .into_iter()
                .collect()
            },
        );
    }
    if let Some(ns) = ns {
        for (name, key, _) in ns.entries() {
            if os.get_raw(&name).is_none() {
                sink.push("server-added", format!("server `{name}` added"), key, None);
            }
        }
    }
}

/// The messages of a 2.x operation (`message`, or `message.oneOf`), by name.
fn messages_v2<'s>(op: N<'s>) -> Vec<(String, N<'s>, N<'s>)> {
    let Some(m) = op.get_raw("message") else {
        return Vec::new();
    };
    let list: Vec<N<'s>> = match m.deref().get("oneOf") {
        Some(one) => one.items().collect(),
        None => vec![m],
    };
    list.into_iter()
        .enumerate()
        .map(|(i, raw)| (message_name(raw, i), raw, raw.deref()))
        .collect()
}

fn message_name(raw: N<'_>, i: usize) -> String {
    if let Some(r) = raw.get_raw("$ref").and_then(|r| r.str()) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    let m = raw.deref();
    m.string("messageId")
        .or(m.string("name"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("#{i}"))
}

fn channels(o: N<'_>, n: N<'_>, sink: &mut Sink, schemas: &mut Schemas) {
    let Some(oc) = o.get("channels") else { return };
    let nc = n.get("channels");
    let v3 = o.get("operations").is_some() || n.get("operations").is_some();
    for (name, okey, oval) in oc.entries() {
        sink.scope = Scope::Component(format!("#/channels/{name}"));
        let Some(nval) = nc.and_then(|nc| nc.get(&name)) else {
            let parent = nc.unwrap_or(n);
            sink.removed(
                "channel-removed",
                format!("channel `{name}` removed"),
                parent,
                okey,
                &edit::entry_text(okey, oval),
                || {
                    edit::fix(
                        format!("Restore the channel `{name}`"),
                        parent,
                        edit::restore_entry(parent, okey, oval, false),
                    )
                    .into_iter()
                    .collect()
                },
            );
            continue;
        };
        let oval = oval.deref();
        if let (Some(a), Some(b)) = (oval.string("address"), nval.string("address")) {
            if a != b {
                sink.push(
                    "channel-address-changed",
                    format!("channel `{name}`: address changed from `{a}` to `{b}`"),
                    nval.get_raw("address").unwrap_or(nval),
                    oval.get_raw("address"),
                );
            }
        }
        if v3 {
            if let Some(om) = oval.get("messages") {
                let nm = nval.get("messages");
                for (m, mkey, mval) in om.entries() {
                    if nm.is_some_and(|nm| nm.get_raw(&m).is_some()) {
                        continue;
                    }
                    let parent = nm.unwrap_or(nval);
                    sink.removed(
                        "message-removed",
                        format!("channel `{name}`: message `{m}` removed"),
                        parent,
                        mkey,
                        &edit::entry_text(mkey, mval),
                        || {
                            edit::fix(
                                format!("Restore the message `{m}`"),
                                parent,
                                edit::restore_entry(parent, mkey, mval, false),
                            )
                            .into_iter()
                            .collect()
                        },
                    );
                }
                if let Some(nm) = nm {
                    for (m, key, _) in nm.entries() {
                        if om.get_raw(&m).is_none() {
                            sink.push(
                                "message-added",
                                format!("channel `{name}`: message `{m}` added"),
                                key,
                                None,
                            );
                        }
                    }
                }
            }
            continue;
        }
        // 2.x: the operations live in the channel.
        for (verb, dir) in [
            ("publish", Direction::Request),
            ("subscribe", Direction::Response),
        ] {
            let label = format!("{verb} {name}");
            sink.scope = Scope::Operation(label.clone());
            match (oval.get(verb), nval.get(verb)) {
                (Some(oop), None) => {
                    let okey = oval.key_of(verb).unwrap_or(oop);
                    sink.removed(
                        "asyncapi-operation-removed",
                        format!("operation `{label}` removed"),
                        nval,
                        okey,
                        &edit::entry_text(okey, oop),
                        || {
                            edit::fix(
                                format!("Restore `{label}`"),
                                nval,
                                edit::restore_entry(nval, okey, oop, false),
                            )
                            .into_iter()
                            .collect()
                        },
                    );
                }
                (None, Some(_)) => {
                    let key = nval.key_of(verb).unwrap_or(nval);
                    sink.push(
                        "asyncapi-operation-added",
                        format!("operation `{label}` added"),
                        key,
                        None,
                    );
                }
                (Some(oop), Some(nop)) => {
                    compare_messages(
                        messages_v2(oop),
                        messages_v2(nop),
                        nop,
                        dir,
                        &label,
                        sink,
                        schemas,
                    );
                }
                (None, None) => {}
            }
        }
    }
    if let Some(nc) = nc {
        for (name, key, _) in nc.entries() {
            if oc.get_raw(&name).is_none() {
                sink.scope = Scope::Component(format!("#/channels/{name}"));
                sink.push(
                    "channel-added",
                    format!("channel `{name}` added"),
                    key,
                    None,
                );
            }
        }
    }
}

fn compare_messages<'s>(
    old: Vec<(String, N<'s>, N<'s>)>,
    new: Vec<(String, N<'s>, N<'s>)>,
    parent: N<'s>,
    dir: Direction,
    label: &str,
    sink: &mut Sink,
    schemas: &mut Schemas,
) {
    for (name, raw, om) in &old {
        match new.iter().find(|(x, _, _)| x == name) {
            None => {
                sink.removed(
                    "message-removed",
                    format!("{label}: message `{name}` removed"),
                    parent,
                    *raw,
                    &raw.text(),
                    Vec::new,
                );
            }
            Some((_, _, nm)) => {
                let (Some(op), Some(np)) = (om.get_raw("payload"), nm.get_raw("payload")) else {
                    continue;
                };
                let what = format!("message `{name}` payload");
                let place = Place {
                    dir,
                    subject: Subject::Body,
                    label: &what,
                    prefix: "",
                };
                schemas.compare(sink, op, np, &place, 0);
            }
        }
    }
    for (name, raw, _) in &new {
        if !old.iter().any(|(x, _, _)| x == name) {
            sink.push(
                "message-added",
                format!("{label}: message `{name}` added"),
                *raw,
                None,
            );
        }
    }
}

/// The messages of a 3.x operation: its `messages`, else its channel's.
fn messages_v3<'s>(op: N<'s>) -> Vec<(String, N<'s>, N<'s>)> {
    if let Some(list) = op.get("messages") {
        return list
            .items()
            .enumerate()
            .map(|(i, raw)| (message_name(raw, i), raw, raw.deref()))
            .collect();
    }
    let Some(ch) = op.get("channel") else {
        return Vec::new();
    };
    ch.get("messages")
        .map(|m| {
            m.entries()
                .map(|(k, _, v)| (k.into_owned(), v, v.deref()))
                .collect()
        })
        .unwrap_or_default()
}

fn operations(o: N<'_>, n: N<'_>, sink: &mut Sink, schemas: &mut Schemas) {
    let Some(oo) = o.get("operations") else {
        return;
    };
    let no = n.get("operations");
    for (id, okey, oval) in oo.entries() {
        let ov = oval.deref();
        let action = ov.string("action").unwrap_or("send");
        let label = format!("{action} {id}");
        sink.scope = Scope::Operation(label.clone());
        let Some(nv) = no.and_then(|no| no.get(&id)) else {
            let parent = no.unwrap_or(n);
            sink.removed(
                "asyncapi-operation-removed",
                format!("operation `{id}` removed"),
                parent,
                okey,
                &edit::entry_text(okey, oval),
                || {
                    edit::fix(
                        format!("Restore the operation `{id}`"),
                        parent,
                        edit::restore_entry(parent, okey, oval, false),
                    )
                    .into_iter()
                    .collect()
                },
            );
            continue;
        };
        if let Some(b) = nv.string("action") {
            if b != action {
                sink.push(
                    "asyncapi-operation-action-changed",
                    format!("operation `{id}`: action changed from `{action}` to `{b}`"),
                    nv.get_raw("action").unwrap_or(nv),
                    ov.get_raw("action"),
                );
            }
        }
        let dir = if action == "receive" {
            Direction::Request
        } else {
            Direction::Response
        };
        let parent = nv.get("messages").unwrap_or(nv);
        compare_messages(
            messages_v3(ov),
            messages_v3(nv),
            parent,
            dir,
            &format!("operation `{id}`"),
            sink,
            schemas,
        );
    }
    if let Some(no) = no {
        for (id, key, nv) in no.entries() {
            if oo.get_raw(&id).is_none() {
                let action = nv.deref().string("action").unwrap_or("send");
                sink.scope = Scope::Operation(format!("{action} {id}"));
                sink.push(
                    "asyncapi-operation-added",
                    format!("operation `{id}` added"),
                    key,
                    None,
                );
            }
        }
    }
}

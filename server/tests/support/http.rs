//! A tiny HTTP server on 127.0.0.1 for the tests of remote documents (nothing leaves the
//! machine): each route answers its body after its delay, every other path 404; it counts the
//! requests it gets.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A path, the YAML it answers, and how long it waits first.
pub type Route = (&'static str, &'static str, Duration);

/// Starts the server on an ephemeral port: the port, and the count of requests so far.
pub fn serve(routes: Vec<Route>) -> (u16, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let (counter, routes) = (counter.clone(), routes.clone());
            // A connection each, so that a slow route holds up no other.
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 1024];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let request = String::from_utf8_lossy(&buf);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let (status, body) = match routes.iter().find(|r| r.0 == path) {
                    Some((_, body, delay)) => {
                        std::thread::sleep(*delay);
                        ("200 OK", *body)
                    }
                    None => ("404 Not Found", "not here\n"),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (port, hits)
}

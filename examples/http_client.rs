//! A weather service that wraps an HTTP client, tested without a network: the client's
//! `get` method is patched, and the service's own logic runs for real.
//!
//! Run with `cargo run --example http_client`.

use patchable::patch;

mod http {
    use patchable::patchable;

    /// A response: status code and body.
    #[derive(Clone, Debug)]
    pub struct Response {
        pub status: u16,
        pub body: String,
    }

    /// An HTTP-like client; without a network every request fails.
    pub struct Client {
        pub base_url: String,
        pub timeout_ms: u64,
    }

    #[patchable]
    impl Client {
        pub fn new(base_url: &str) -> Self {
            Client {
                base_url: base_url.to_string(),
                timeout_ms: 500,
            }
        }

        pub fn get(&self, path: &str) -> Result<Response, String> {
            Err(format!(
                "connection refused: {}{path} (after {} ms)",
                self.base_url, self.timeout_ms
            ))
        }
    }
}

/// The code under test: it owns a client and turns responses into answers.
struct WeatherService {
    client: http::Client,
}

impl WeatherService {
    fn temperature(&self, city: &str) -> String {
        match self.client.get(&format!("/weather/{city}")) {
            Ok(response) if response.status == 200 => format!("{city}: {} °C", response.body),
            Ok(response) => format!("{city}: no data (HTTP {})", response.status),
            Err(error) => format!("{city}: unavailable ({error})"),
        }
    }
}

fn main() {
    let service = WeatherService {
        client: http::Client::new("https://weather.example"),
    };
    println!("unpatched:   {}", service.temperature("Oslo"));

    // The replacement takes the receiver first, then the arguments, all inferred.
    let get = patch!(http::Client::get).with(|client, path| {
        assert!(client.base_url.starts_with("https://"));
        let city = path.rsplit('/').next().unwrap_or_default();
        Ok(http::Response {
            status: 200,
            body: (city.len() * 3).to_string(),
        })
    });
    println!("patched:     {}", service.temperature("Oslo"));
    println!("             {}", service.temperature("Lisbon"));
    println!("get calls:   {}", get.calls());
    drop(get);

    // A canned response for every call, and an expectation checked when the guard drops.
    let not_found = patch!(http::Client::get)
        .times(1)
        .returns(Ok(http::Response {
            status: 404,
            body: String::new(),
        }));
    println!("404:         {}", service.temperature("Atlantis"));
    drop(not_found);

    println!("restored:    {}", service.temperature("Oslo"));
}

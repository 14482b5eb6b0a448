//! A service that reads its config from the environment and a file, stamps records with
//! the time, and retries a failed write after a pause — written against
//! `patchable::std`, so its tests fake the clock, overlay a variable and inject a
//! disk-full error, with no temp dir, no `unsafe` and no real waiting.
//!
//! Run with `cargo run --example config_service`; its tests run with `cargo test`.

use std::io;
use std::path::PathBuf;

// The one change from plain std: `patchable::std` for `std` in these two lines.
use patchable::std::time::{Duration, SystemTime, UNIX_EPOCH};
use patchable::std::{env, fs, thread};

// For `main`'s faked run; a test needs the same.
use patchable::patch;
use patchable::std::time::FakeClock;

/// Where records go and whose they are.
#[derive(Debug, PartialEq)]
struct Config {
    records: PathBuf,
    name: String,
}

/// The config file named by `RECORDER_CONFIG` (`recorder.conf` if unset): `key = value`
/// lines for `records` and `name`. `RECORDER_NAME` overrides the name.
fn load_config() -> io::Result<Config> {
    let path = env::var("RECORDER_CONFIG").unwrap_or_else(|_| "recorder.conf".into());
    let text = fs::read_to_string(&path)?;
    let setting = |key: &str| {
        text.lines()
            .filter_map(|line| line.split_once('='))
            .find(|(name, _)| name.trim() == key)
            .map(|(_, value)| value.trim().to_owned())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("{path}: no {key}")))
    };
    Ok(Config {
        records: PathBuf::from(setting("records")?),
        name: env::var("RECORDER_NAME").or_else(|_| setting("name"))?,
    })
}

/// Records stamped with the seconds since the epoch, written out in one file.
struct Recorder {
    config: Config,
    lines: Vec<String>,
}

impl Recorder {
    fn new(config: Config) -> Self {
        Recorder {
            config,
            lines: Vec::new(),
        }
    }

    fn record(&mut self, message: &str) {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        self.lines
            .push(format!("{stamp} {}: {message}\n", self.config.name));
    }

    /// Writes every record, trying three times, a second apart.
    fn flush(&self) -> io::Result<()> {
        let mut attempt = 1;
        loop {
            match fs::write(&self.config.records, self.lines.concat()) {
                Err(error) if attempt < 3 => {
                    eprintln!("write {attempt} failed: {error}; again in a second");
                    thread::sleep(Duration::from_secs(1));
                    attempt += 1;
                }
                done => return done,
            }
        }
    }
}

fn main() -> io::Result<()> {
    // For real: a config file in a directory of the run's own, which the service finds
    // through `RECORDER_CONFIG`, overlaid for this thread (`std::env::set_var` is `unsafe`).
    let dir = std::env::temp_dir().join(format!("patchable-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let config_file = dir.join("recorder.conf");
    let records = dir.join("records.log");
    let settings = format!("records = {}\nname = demo\n", records.display());
    std::fs::write(&config_file, settings)?;
    let _config = env::set("RECORDER_CONFIG", &config_file);
    let mut recorder = Recorder::new(load_config()?);
    recorder.record("started");
    recorder.flush()?;
    print!("real:  {}", std::fs::read_to_string(&records)?);

    // Faked: the clock, the name, and a full disk.
    let clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let _name = env::set("RECORDER_NAME", "faked");
    let mut recorder = Recorder::new(load_config()?);
    recorder.record("started");
    print!("faked: {}", recorder.lines.concat());
    let _full = patch!(fs::hooks::write).with(|_, _| {
        Err(io::Error::new(
            io::ErrorKind::StorageFull,
            "no space left (injected)",
        ))
    });
    let error = recorder.flush().expect_err("the disk is full");
    println!(
        "faked: the flush gave up with \"{error}\" after {}s of fake pauses",
        clock.elapsed().as_secs()
    );
    std::fs::remove_dir_all(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The config file's contents, for any path the service asks for.
    fn config_file(contents: &'static str) -> patchable::Guard {
        patch!(fs::hooks::read_to_string).with(move |path| {
            assert_eq!(path, Path::new("recorder.conf"));
            Ok(contents.to_owned())
        })
    }

    #[test]
    fn the_name_comes_from_the_environment_over_the_file() {
        let _file = config_file("records = /var/log/records.log\nname = from-file\n");
        let _unset = env::remove("RECORDER_CONFIG");
        assert_eq!(load_config().unwrap().name, "from-file");

        let _name = env::set("RECORDER_NAME", "from-env");
        let config = load_config().unwrap();
        assert_eq!(
            config,
            Config {
                records: "/var/log/records.log".into(),
                name: "from-env".into()
            }
        );
    }

    #[test]
    fn records_are_stamped_with_the_time() {
        let _file = config_file("records = r.log\nname = clerk\n");
        let _unset = (env::remove("RECORDER_CONFIG"), env::remove("RECORDER_NAME"));
        let clock = FakeClock::at(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let mut recorder = Recorder::new(load_config().unwrap());
        recorder.record("one");
        clock.advance(Duration::from_secs(90));
        recorder.record("two");
        assert_eq!(
            recorder.lines,
            ["1700000000 clerk: one\n", "1700000090 clerk: two\n"]
        );
    }

    #[test]
    fn a_full_disk_is_retried_twice_a_second_apart_then_reported() {
        let clock = FakeClock::at(UNIX_EPOCH);
        let full = patch!(fs::hooks::write).times(3).with(|path, contents| {
            assert_eq!(
                (path, contents),
                (Path::new("r.log"), &b"0 clerk: hi\n"[..])
            );
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        });
        let config = Config {
            records: "r.log".into(),
            name: "clerk".into(),
        };
        let mut recorder = Recorder::new(config);
        recorder.record("hi");
        let error = recorder.flush().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(clock.elapsed(), Duration::from_secs(2)); // two pauses, no real waiting
        assert_eq!(full.calls(), 3);
    }

    #[test]
    fn a_write_that_fails_once_is_retried() {
        let _clock = FakeClock::at(UNIX_EPOCH);
        let mut failures = 1;
        let writes = patch!(fs::hooks::write).with(move |_, _| match failures {
            0 => Ok(()),
            _ => {
                failures -= 1;
                Err(io::ErrorKind::StorageFull.into())
            }
        });
        let config = Config {
            records: "r.log".into(),
            name: "clerk".into(),
        };
        Recorder::new(config).flush().unwrap();
        assert_eq!(writes.calls(), 2);
    }
}

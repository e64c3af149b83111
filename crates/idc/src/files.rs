//! Reading a small configuration file safely: a regular file only, of bounded size.
//!
//! A credentials file (or the emulator's data file) named by the user or found in the home
//! directory could be something else than a file: a FIFO blocks a reader forever (no timeout of a
//! client applies to reading its configuration), and `/dev/zero` or `/dev/urandom` never end.
//! [`read_regular_file`] refuses anything that is not a regular file before opening it, opens it
//! without blocking (`O_NONBLOCK` on Unix, so a path swapped for a FIFO in between cannot hang
//! it), checks again on the opened file, reads at most a given number of bytes, and accepts a
//! UTF-8 byte order mark at the start (as Windows editors write it).
//!
//! ```
//! use idc::files::read_regular_file;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("credentials");
//! std::fs::write(&path, "\u{feff}[global]\nak = x\n")?;
//! assert_eq!(read_regular_file(&path, 1024)?, "[global]\nak = x\n");
//!
//! let err = read_regular_file(dir.path(), 1024).unwrap_err();
//! assert!(err.to_string().contains("not a regular file"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Read};
use std::path::Path;

/// The largest credentials file read: 1 MiB (they hold a few hundred bytes).
pub const MAX_CREDENTIALS_FILE_BYTES: u64 = 1 << 20;

/// What kind of file `metadata` describes, for messages.
fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

fn not_regular(file_type: std::fs::FileType) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "not a regular file ({}); only regular files are read",
            describe(file_type)
        ),
    )
}

/// Reads the regular file at `path` (symbolic links are followed) as UTF-8 text of at most `limit`
/// bytes, without a leading UTF-8 byte order mark.
///
/// # Errors
///
/// The I/O error of `stat`, `open` or `read` (`NotFound` when there is no such file), or an error
/// that says what is wrong: `InvalidInput` when the path is not a regular file (a directory, a
/// FIFO, a device, a socket), `InvalidData` when the file is larger than `limit` bytes or is not
/// UTF-8.
pub fn read_regular_file(path: &Path, limit: u64) -> io::Result<String> {
    // A look first, so that a device named outright is refused without being opened (opening
    // some devices does something). What counts is the check of the opened file below.
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    let (file, metadata) = open_regular(path)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than the limit of {limit} bytes"),
        )
    };
    if metadata.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    // One byte more than the limit tells a file that grew while being read.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Opens `path` for reading without blocking, and checks that what was opened is a regular file.
///
/// The path may have been replaced since it was looked at: opening a FIFO for reading blocks
/// until a writer appears (forever, if none does), unless it is opened with `O_NONBLOCK`, which
/// changes nothing for a regular file. `O_NOCTTY` keeps a terminal device from becoming the
/// process's controlling terminal.
fn open_regular(path: &Path) -> io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    Ok((file, metadata))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_its_bom_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "\u{feff}\u{feff}x").unwrap();
        assert_eq!(
            read_regular_file(&path, 100).unwrap(),
            "\u{feff}x",
            "one BOM"
        );
        std::fs::write(&path, "plain").unwrap();
        assert_eq!(
            read_regular_file(&path, 5).unwrap(),
            "plain",
            "exactly at the limit"
        );
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "123456").unwrap();
        let err = read_regular_file(&path, 5).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("limit of 5 bytes"), "{err}");

        std::fs::write(&path, [b'a', 0xff, b'b']).unwrap();
        let err = read_regular_file(&path, 5).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");

        let err = read_regular_file(dir.path(), 5).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("a directory"), "{err}");

        let err = read_regular_file(&dir.path().join("missing"), 5).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_met_when_opening_is_refused_without_blocking() {
        // What `read_regular_file` opens after its first look: here the path is a FIFO with no
        // writer, as if it had been swapped in between. A blocking open would never return.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(open_regular(&fifo).map(|_| ()));
        });
        let result = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("opening a FIFO blocked");
        let err = result.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("a FIFO"), "{err}");

        let err = read_regular_file(&dir.path().join("fifo"), 5).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
        let file = dir.path().join("f");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(open_regular(&file).unwrap().1.len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read_regular_file(Path::new("/dev/zero"), 5).unwrap_err();
        assert!(err.to_string().contains("a character device"), "{err}");
    }
}

//! A minimal SMTP client for notices: plain SMTP over a tokio TCP stream to a
//! local relay (postfix, an MTA sidecar) that does TLS and delivery onwards.
//! No TLS, no AUTH: a full SMTP client would pull a TLS stack and a large tree
//! for one use; point `OCOP_SMTP_RELAY` at a relay on loopback or a private
//! network only.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where and as whom to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// `host:port` of the relay (`OCOP_SMTP_RELAY`, e.g. `127.0.0.1:25`).
    pub relay: String,
    /// Envelope and header sender (`OCOP_SMTP_FROM`).
    pub from: String,
}

impl SmtpConfig {
    /// From `OCOP_SMTP_RELAY` and `OCOP_SMTP_FROM` (default `ocop@localhost`); none when no relay is set.
    pub fn from_env() -> Option<Self> {
        let relay = std::env::var("OCOP_SMTP_RELAY").ok().filter(|r| !r.trim().is_empty())?;
        let from = std::env::var("OCOP_SMTP_FROM")
            .ok()
            .filter(|f| f.contains('@'))
            .unwrap_or_else(|| "ocop@localhost".to_owned());
        Some(Self {
            relay: relay.trim().to_owned(),
            from,
        })
    }
}

/// One plain-text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject (UTF-8; encoded as RFC 2047).
    pub subject: String,
    /// Body (UTF-8, CRLF line ends).
    pub body: String,
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Network trouble or a timeout.
    #[error("SMTP connection: {0}")]
    Io(#[from] std::io::Error),
    /// The relay refused a command.
    #[error("SMTP relay answered {0}")]
    Refused(String),
    /// An address with characters that cannot go into an SMTP command.
    #[error("bad address {0:?}")]
    BadAddress(String),
}

const TIMEOUT: Duration = Duration::from_secs(30);

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn check_address(address: &str) -> Result<&str, MailError> {
    if address.contains('@')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '\r' | '\n'))
    {
        Ok(address)
    } else {
        Err(MailError::BadAddress(address.to_owned()))
    }
}

/// The message as sent after DATA (headers, base64 UTF-8 body, dot-terminated).
pub fn message_text(from: &str, mail: &Mail) -> String {
    let body = base64(mail.body.as_bytes());
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "From: {from}\r\nTo: {}\r\nSubject: =?UTF-8?B?{}?=\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n.\r\n",
        mail.to,
        base64(mail.subject.as_bytes()),
        lines.join("\r\n")
    )
}

async fn expect(reader: &mut BufReader<TcpStream>, code: &str) -> Result<(), MailError> {
    loop {
        let mut line = String::new();
        let read = tokio::time::timeout(TIMEOUT, reader.read_line(&mut line))
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "SMTP timeout"))??;
        if read == 0 {
            return Err(MailError::Refused("connection closed".into()));
        }
        if !line.starts_with(code) {
            return Err(MailError::Refused(line.trim_end().to_owned()));
        }
        // "250-…" continues a multi-line reply; "250 …" ends it.
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

async fn command(reader: &mut BufReader<TcpStream>, line: &str, code: &str) -> Result<(), MailError> {
    reader.get_mut().write_all(line.as_bytes()).await?;
    expect(reader, code).await
}

/// Sends one message through the relay.
pub async fn send(config: &SmtpConfig, mail: &Mail) -> Result<(), MailError> {
    let from = check_address(&config.from)?;
    let to = check_address(&mail.to)?;
    let stream = tokio::time::timeout(TIMEOUT, TcpStream::connect(&config.relay))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "SMTP connect timeout"))??;
    let mut reader = BufReader::new(stream);
    expect(&mut reader, "220").await?;
    command(&mut reader, "EHLO ocop\r\n", "250").await?;
    command(&mut reader, &format!("MAIL FROM:<{from}>\r\n"), "250").await?;
    command(&mut reader, &format!("RCPT TO:<{to}>\r\n"), "25").await?;
    command(&mut reader, "DATA\r\n", "354").await?;
    command(&mut reader, &message_text(from, mail), "250").await?;
    let _ = command(&mut reader, "QUIT\r\n", "221").await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn addresses_cannot_inject_commands() {
        assert!(check_address("a@b.vn").is_ok());
        assert!(check_address("a@b.vn>\r\nRCPT TO:<x@y").is_err());
        assert!(check_address("no-at-sign").is_err());
    }
}

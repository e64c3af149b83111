//! The confirmation asked before `--apply` runs on a terminal.

use std::io::{self, BufRead, IsTerminal, Write};

/// Whether the run may go on: `--yes`, or "yes" typed on the terminal.
#[derive(Debug, PartialEq, Eq)]
pub enum Consent {
    /// Go on.
    Given,
    /// The person at the terminal said no (or nothing): stop, nothing sent.
    Refused,
    /// Nobody to ask (stdin is not a terminal) and no `--yes`: a usage error.
    NobodyToAsk,
}

/// Asks on the terminal unless `yes`; refuses to guess when stdin is not a terminal.
pub fn ask(question: &str, yes: bool) -> io::Result<Consent> {
    if yes {
        return Ok(Consent::Given);
    }
    if !io::stdin().is_terminal() {
        return Ok(Consent::NobodyToAsk);
    }
    ask_on(question, &mut io::stdin().lock(), &mut io::stderr().lock())
}

/// Writes `question` to `out`, reads one line from `input`: only `yes` (any case, surrounding
/// blanks ignored) consents; `y`, an empty line or the end of input refuse.
pub fn ask_on(
    question: &str,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Consent> {
    write!(out, "{question} Type yes to go on: ")?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(if answer.trim().eq_ignore_ascii_case("yes") {
        Consent::Given
    } else {
        writeln!(out)?;
        Consent::Refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(typed: &str) -> (Consent, String) {
        let mut out = Vec::new();
        let consent = ask_on("Apply 3 actions?", &mut typed.as_bytes(), &mut out).unwrap();
        (consent, String::from_utf8(out).unwrap())
    }

    #[test]
    fn only_yes_consents() {
        let (consent, shown) = answer("yes\n");
        assert_eq!(consent, Consent::Given);
        assert_eq!(shown, "Apply 3 actions? Type yes to go on: ");
        assert_eq!(answer("  YES \n").0, Consent::Given);
        for refusal in ["y\n", "no\n", "\n", "", "yes please\n"] {
            assert_eq!(answer(refusal).0, Consent::Refused, "{refusal:?}");
        }
    }

    #[test]
    fn yes_on_the_command_line_asks_nothing() {
        assert_eq!(ask("never shown", true).unwrap(), Consent::Given);
    }
}

//! Certificate sets: the certificates an owner (an application instance, an identity store's SAML
//! service provider, an external identity provider) holds, in the order they were added, at most
//! one of them active.
//!
//! The rules every set keeps, whatever holds it: a certificate id is unique in its set
//! (`Conflict`); activating one makes every other inactive; the active certificate cannot be
//! deleted (`Active`: activate another first); an unknown id is `Missing`. A handler reads a set
//! in a line ([`CertificateSets::get`], or its owner's own set) and queues a change in another
//! (`ctx.write(move |s| s.data....certificates.change(&owner, |set| set.activate(&id)))`), so the
//! rules are checked when the write is applied and racing writes cannot both succeed.
//!
//! [`CertificateSets`] keeps one set per owner key (`&[&str]`, compared part by part) for owners
//! that have no row of their own to hold it.

use std::collections::BTreeMap;

use crate::store::error::WriteError;

/// What a certificate kept in a set must tell: its id.
pub(crate) trait Certificate: Clone {
    /// The certificate's id, unique in its set.
    fn certificate_id(&self) -> &str;
}

/// A certificate the emulator issued: what Huawei's certificate operations serve (the status is
/// the set's: active or not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IssuedCertificate {
    /// Its id (a UUID).
    pub(crate) certificate_id: String,
    /// The certificate, PEM encoded.
    pub(crate) certificate: String,
    /// The signature algorithm (`SHA256withRSA`).
    pub(crate) algorithm: String,
    /// The key size in bits, as a string (`"2048"`).
    pub(crate) key_size: String,
    /// When it was issued, milliseconds since the epoch.
    pub(crate) issue_date: i64,
    /// When it expires, milliseconds since the epoch.
    pub(crate) expiry_date: i64,
}

impl Certificate for IssuedCertificate {
    fn certificate_id(&self) -> &str {
        &self.certificate_id
    }
}

/// The certificates of one owner, oldest first, and which one is active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CertificateSet<C> {
    certificates: Vec<C>,
    active: Option<String>,
}

impl<C> Default for CertificateSet<C> {
    fn default() -> Self {
        Self {
            certificates: Vec::new(),
            active: None,
        }
    }
}

/// The refusal of an id the set does not hold.
fn missing(id: &str) -> WriteError {
    WriteError::Missing {
        what: "certificate",
        id: id.to_owned(),
    }
}

impl<C: Certificate> CertificateSet<C> {
    /// The certificates, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &C> {
        self.certificates.iter()
    }

    /// How many certificates the set holds.
    pub(crate) fn len(&self) -> usize {
        self.certificates.len()
    }

    /// The certificate `id`, if the set holds it.
    pub(crate) fn get(&self, id: &str) -> Option<&C> {
        self.certificates.iter().find(|c| c.certificate_id() == id)
    }

    /// The active certificate, if one is.
    pub(crate) fn active(&self) -> Option<&C> {
        self.active.as_deref().and_then(|id| self.get(id))
    }

    /// Whether `id` is the active certificate.
    pub(crate) fn is_active(&self, id: &str) -> bool {
        self.active.as_deref() == Some(id)
    }

    /// Adds a certificate after the others, active if `activate` (the one active before is then
    /// inactive); refused (`Conflict`) when the set holds its id already.
    pub(crate) fn add(&mut self, certificate: C, activate: bool) -> Result<(), WriteError> {
        let id = certificate.certificate_id().to_owned();
        if self.get(&id).is_some() {
            return Err(WriteError::Conflict {
                what: "certificate",
                id,
            });
        }
        self.certificates.push(certificate);
        if activate {
            self.active = Some(id);
        }
        Ok(())
    }

    /// Makes `id` the active certificate (every other is then inactive); `Missing` when the set
    /// does not hold it. Activating the active one changes nothing.
    pub(crate) fn activate(&mut self, id: &str) -> Result<&C, WriteError> {
        let position = (self.certificates.iter())
            .position(|c| c.certificate_id() == id)
            .ok_or_else(|| missing(id))?;
        self.active = Some(id.to_owned());
        Ok(&self.certificates[position])
    }

    /// Removes the certificate `id`: `Missing` when the set does not hold it, `Active` when it is
    /// the active one.
    pub(crate) fn remove(&mut self, id: &str) -> Result<C, WriteError> {
        let position = (self.certificates.iter())
            .position(|c| c.certificate_id() == id)
            .ok_or_else(|| missing(id))?;
        if self.is_active(id) {
            return Err(WriteError::Active {
                what: "certificate",
                id: id.to_owned(),
            });
        }
        Ok(self.certificates.remove(position))
    }
}

/// One [`CertificateSet`] per owner key; an owner nothing was added for has an empty set.
#[derive(Clone, Debug)]
pub(crate) struct CertificateSets<C> {
    sets: BTreeMap<Vec<String>, CertificateSet<C>>,
}

impl<C> Default for CertificateSets<C> {
    fn default() -> Self {
        Self {
            sets: BTreeMap::new(),
        }
    }
}

fn owner_key(owner: &[&str]) -> Vec<String> {
    owner.iter().map(|&part| part.to_owned()).collect()
}

impl<C: Certificate> CertificateSets<C> {
    /// The set of `owner`, if anything was ever added to it.
    pub(crate) fn get(&self, owner: &[&str]) -> Option<&CertificateSet<C>> {
        self.sets.get(&owner_key(owner))
    }

    /// Changes the set of `owner` (an empty one when it has none yet); a refused change leaves the
    /// set as it was, since each [`CertificateSet`] method checks before it changes anything.
    pub(crate) fn change<T>(
        &mut self,
        owner: &[&str],
        change: impl FnOnce(&mut CertificateSet<C>) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        change(self.sets.entry(owner_key(owner)).or_default())
    }

    /// Forgets the set of `owner` (the owner was deleted); what it held.
    pub(crate) fn remove(&mut self, owner: &[&str]) -> Option<CertificateSet<C>> {
        self.sets.remove(&owner_key(owner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(id: &str) -> IssuedCertificate {
        IssuedCertificate {
            certificate_id: id.into(),
            certificate: format!("pem of {id}"),
            algorithm: "SHA256withRSA".into(),
            key_size: "2048".into(),
            issue_date: 1,
            expiry_date: 2,
        }
    }

    fn ids(set: &CertificateSet<IssuedCertificate>) -> Vec<&str> {
        set.iter().map(|c| c.certificate_id()).collect()
    }

    #[test]
    fn a_rotation_creates_activates_then_deletes_the_old_certificate() {
        let mut set = CertificateSet::default();
        assert!(set.active().is_none());
        set.add(certificate("old"), true).unwrap();
        set.add(certificate("new"), false).unwrap();
        assert_eq!(ids(&set), ["old", "new"]);
        assert!(set.is_active("old") && !set.is_active("new"));
        assert_eq!(set.activate("new").unwrap().certificate_id, "new");
        assert!(set.is_active("new") && !set.is_active("old"));
        assert_eq!(set.remove("old").unwrap().certificate_id, "old");
        assert_eq!(ids(&set), ["new"]);
        assert_eq!(set.active().map(|c| c.certificate_id()), Some("new"));
    }

    #[test]
    fn the_active_certificate_cannot_be_deleted_and_a_refusal_changes_nothing() {
        let mut set = CertificateSet::default();
        set.add(certificate("a"), true).unwrap();
        let before = set.clone();
        assert_eq!(
            set.remove("a"),
            Err(WriteError::Active {
                what: "certificate",
                id: "a".into()
            })
        );
        assert_eq!(set, before);
    }

    #[test]
    fn unknown_and_repeated_ids_are_refused() {
        let mut set = CertificateSet::default();
        set.add(certificate("a"), false).unwrap();
        let missing = Err(WriteError::Missing {
            what: "certificate",
            id: "b".into(),
        });
        assert_eq!(set.activate("b").cloned(), missing);
        assert_eq!(set.remove("b"), missing);
        assert_eq!(
            set.add(certificate("a"), true),
            Err(WriteError::Conflict {
                what: "certificate",
                id: "a".into()
            })
        );
        // The refused add did not activate anything.
        assert!(set.active().is_none());
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn sets_are_kept_per_owner_compared_part_by_part() {
        let mut sets = CertificateSets::default();
        sets.change(&["d-1", "idp/1"], |s| s.add(certificate("x"), true))
            .unwrap();
        assert!(sets.get(&["d-1/idp", "1"]).is_none());
        assert!(sets.get(&["d-2", "idp/1"]).is_none());
        let set = sets.get(&["d-1", "idp/1"]).unwrap();
        assert!(set.is_active("x"));
        // A refused change keeps the set.
        let refused = sets.change(&["d-1", "idp/1"], |s| s.remove("x"));
        assert!(refused.is_err());
        assert_eq!(
            sets.get(&["d-1", "idp/1"]).map(CertificateSet::len),
            Some(1)
        );
        assert!(sets.remove(&["d-1", "idp/1"]).is_some());
        assert!(sets.get(&["d-1", "idp/1"]).is_none());
    }
}

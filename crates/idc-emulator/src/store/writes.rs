//! Writes to the store: each checks the references of the row it adds or removes (as its table
//! declares them in `huawei_references.rs`), changes the table, keeps every index over that table
//! up to date, and forgets the cached listings. They run
//! under the app's write lock (see `DESIGN.md`), so a request sees a store before or after a
//! write, never during one. The Huawei identity store's users are the first table written to; the
//! others follow the same steps.

#![cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the write operations (issue 19) call it; the store tests drive it until then"
    )
)]

use crate::store::error::WriteError;
use crate::store::huawei_dependents::{dependents, exists_in};
use crate::store::huawei_references::{USER_REFERENCES, USERS};
use crate::store::huawei_rows::{HuaweiUser, check_huawei_id};
use crate::store::keys::{Key, at};
use crate::store::references::{Named, check_row};
use crate::store::table::Seq;
use crate::store::tables::Store;

impl Store {
    /// Adds a user to its identity store: the store must exist, and the user's id, name and
    /// external id must be new in it.
    pub(crate) fn create_huawei_user(&mut self, user: HuaweiUser) -> Result<Seq, WriteError> {
        let exists = |table: &str, named: Named<'_>| exists_in(self, table, named);
        check_row(&user, USER_REFERENCES, self, &exists).map_err(|broken| WriteError::Missing {
            what: broken.what,
            id: broken.value,
        })?;
        let store = &*user.identity_store_id;
        check_huawei_id(&user.user_id).map_err(WriteError::Invalid)?;
        let ix = &self.huawei;
        for (taken, what, value) in [
            (
                ix.users.contains_key(at(&[store, &user.user_id])),
                "user",
                &user.user_id,
            ),
            (
                ix.user_names.contains_key(at(&[store, &user.user_name])),
                "user name",
                &user.user_name,
            ),
        ] {
            if taken {
                return Err(WriteError::Conflict {
                    what,
                    id: value.to_string(),
                });
            }
        }
        if let Some(external) = &user.external_id
            && ix.user_external_ids.contains_key(at(&[store, external]))
        {
            return Err(WriteError::Conflict {
                what: "external id",
                id: external.to_string(),
            });
        }
        let seq = self
            .data
            .huawei
            .users
            .insert(user.clone())
            .ok_or(WriteError::Full)?;
        let position = seq as usize;
        let ix = &mut self.huawei;
        ix.users.insert(Key::new([store, &user.user_id]), position);
        ix.user_names
            .insert(Key::new([store, &user.user_name]), position);
        if let Some(external) = &user.external_id {
            ix.user_external_ids
                .insert(Key::new([store, external]), position);
        }
        // The new number is the largest: the store's list stays in data order.
        ix.store_users
            .entry(store.to_owned())
            .or_default()
            .push(seq);
        self.forget_listings();
        Ok(seq)
    }

    /// Removes a user of an identity store, refused while a group membership or an assignment
    /// refers to it (remove those first, as the service requires).
    pub(crate) fn delete_huawei_user(
        &mut self,
        store: &str,
        user_id: &str,
    ) -> Result<HuaweiUser, WriteError> {
        let ix = &self.huawei;
        let &position = ix
            .users
            .get(at(&[store, user_id]))
            .ok_or_else(|| missing("user", user_id))?;
        let target = Named {
            scope: Some(store),
            value: user_id,
        };
        if let Some(dependents) = dependents(&self.data.huawei, self, USERS, target) {
            return Err(WriteError::InUse {
                what: "user",
                id: user_id.to_owned(),
                by: dependents.table,
                field: dependents.field,
                count: dependents.count,
            });
        }
        let seq = Seq::try_from(position).map_err(|_| missing("user", user_id))?;
        let user = self
            .data
            .huawei
            .users
            .remove(seq)
            .ok_or_else(|| missing("user", user_id))?;
        let ix = &mut self.huawei;
        ix.users.remove(at(&[store, user_id]));
        ix.user_names.remove(at(&[store, &user.user_name]));
        if let Some(external) = &user.external_id {
            ix.user_external_ids.remove(at(&[store, external]));
        }
        if let Some(list) = ix.store_users.get_mut(store)
            && let Ok(i) = list.binary_search(&seq)
        {
            list.remove(i);
        }
        self.forget_listings();
        Ok(user)
    }
}

fn missing(what: &'static str, id: &str) -> WriteError {
    WriteError::Missing {
        what,
        id: id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::dataset::DataSet;
    use crate::store::markers::window;

    const STORE: &str = "d-0123456789";

    fn user(id: &str) -> HuaweiUser {
        serde_json::from_value(serde_json::json!({
            "identity_store_id": STORE, "user_id": id, "user_name": format!("name-{id}"),
        }))
        .unwrap()
    }

    fn store_of(users: usize) -> Store {
        let mut data = DataSet::default();
        data.huawei.instances = vec![
            serde_json::from_value(serde_json::json!(
                {"instance_id": "ins-1", "identity_store_id": STORE}
            ))
            .unwrap(),
        ];
        data.huawei.users = (0..users).map(|i| user(&format!("u{i:02}"))).collect();
        data.validate().unwrap();
        Store::new(data)
    }

    /// One page of the store's users after sort key `from`: their ids, and the next key.
    fn page(store: &Store, from: u32, limit: usize) -> (Vec<String>, Option<u32>) {
        let positions = &store.huawei.store_users[STORE];
        let (range, next) = window(positions, |_, &seq| seq, from, limit);
        let ids = positions[range]
            .iter()
            .map(|&seq| {
                store
                    .data
                    .huawei
                    .users
                    .get(seq as usize)
                    .unwrap()
                    .user_id
                    .to_string()
            })
            .collect();
        (ids, next)
    }

    #[test]
    fn a_listing_in_progress_neither_skips_nor_repeats_a_row_that_stays() {
        let mut store = store_of(10);
        let mut seen = Vec::new();
        let (ids, mut next) = page(&store, 0, 3);
        seen.extend(ids);
        let mut round = 0;
        while let Some(from) = next {
            // Between pages: remove a row already served and one not served yet, add two.
            round += 1;
            let served = seen[seen.len() - 1].clone();
            store.delete_huawei_user(STORE, &served).unwrap();
            let ahead = format!("u{:02}", 9 - round);
            let _ = store.delete_huawei_user(STORE, &ahead);
            store
                .create_huawei_user(user(&format!("new{round}")))
                .unwrap();
            store
                .create_huawei_user(user(&format!("new{round}b")))
                .unwrap();
            let (ids, after) = page(&store, from, 3);
            seen.extend(ids);
            next = after;
            assert!(round < 20, "the listing ends");
        }
        // Every row present from the first page to the last was served exactly once.
        let stayed: Vec<String> = (0..10)
            .map(|i| format!("u{i:02}"))
            .filter(|id| store.huawei.users.contains_key(at(&[STORE, id])))
            .collect();
        for id in &stayed {
            assert_eq!(
                seen.iter().filter(|s| *s == id).count(),
                1,
                "{id} in {seen:?}"
            );
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "nothing repeats: {seen:?}");
    }

    #[test]
    fn a_write_keeps_the_indexes_and_refuses_broken_references() {
        let mut store = store_of(2);
        let seq = store.create_huawei_user(user("u99")).unwrap();
        assert_eq!(
            store.huawei.users.get(at(&[STORE, "u99"])),
            Some(&(seq as usize))
        );
        assert!(
            store
                .huawei
                .user_names
                .contains_key(at(&[STORE, "name-u99"]))
        );
        assert_eq!(store.huawei.store_users[STORE].last(), Some(&seq));
        assert_eq!(
            store.create_huawei_user(user("u99")),
            Err(WriteError::Conflict {
                what: "user",
                id: "u99".into()
            })
        );
        let mut elsewhere = user("u5");
        elsewhere.identity_store_id = Arc::from("d-unknown");
        assert_eq!(
            store.create_huawei_user(elsewhere),
            Err(WriteError::Missing {
                what: "identity store",
                id: "d-unknown".into()
            })
        );
        assert!(matches!(
            store.create_huawei_user(user("not an id!")),
            Err(WriteError::Invalid(_))
        ));
        let removed = store.delete_huawei_user(STORE, "u99").unwrap();
        assert_eq!(&*removed.user_id, "u99");
        assert!(!store.huawei.users.contains_key(at(&[STORE, "u99"])));
        assert!(
            !store
                .huawei
                .user_names
                .contains_key(at(&[STORE, "name-u99"]))
        );
        assert_eq!(
            store.delete_huawei_user(STORE, "u99"),
            Err(WriteError::Missing {
                what: "user",
                id: "u99".into()
            })
        );
    }

    #[test]
    fn a_user_with_dependents_is_not_deleted() {
        let demo = crate::demo::HUAWEI_PRINCIPAL_ID;
        let store_id = crate::demo::HUAWEI_IDENTITY_STORE_ID;
        let mut store = Store::new(DataSet::demo());
        let err = store.delete_huawei_user(store_id, demo).unwrap_err();
        assert!(
            matches!(err, WriteError::InUse { what: "user", .. }),
            "{err}"
        );
        assert!(store.huawei.users.contains_key(at(&[store_id, demo])));
    }
}

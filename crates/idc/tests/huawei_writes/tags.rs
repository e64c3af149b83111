//! The tags of a permission set: added (a known key gets the new value), listed in pages, removed
//! by key (and value when given); an unknown permission set is a 404 and an unknown resource type is
//! refused before sending.

use std::time::Duration;

use idc::huawei::identitycenter::types;
use idc_emulator::huawei::UNKNOWN_PERMISSION_SET;

use super::*;

const PERMISSION_SET: &str = "identitycenter:permissionset";

fn tag(key: &str, value: &str) -> types::Tag {
    serde_json::from_value(serde_json::json!({"key": key, "value": value})).unwrap()
}

fn untag(key: &str, value: Option<&str>) -> types::DeleteTag {
    serde_json::from_value(serde_json::json!({"key": key, "value": value})).unwrap()
}

#[tokio::test]
async fn tags_are_added_listed_in_pages_updated_and_removed() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let set = (client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap())
    .remove(0)
    .permission_set_id
    .unwrap();
    let list = |page_size| {
        (client.list_tag_resources())
            .resource_type(PERMISSION_SET)
            .resource_id(&set)
            .page_size(page_size)
            .collect()
    };
    let pairs = |tags: Vec<types::Tag>| -> Vec<(String, String)> {
        tags.into_iter()
            .map(|t| (t.key.to_string(), t.value))
            .collect()
    };
    assert!(list(100).await.unwrap().is_empty());
    let create = || {
        client
            .create_tag_resource()
            .resource_type(PERMISSION_SET)
            .resource_id(&set)
    };
    create()
        .tags(tag("owner", "platform"))
        .tags(tag("env", ""))
        .tags(tag("tier", "1"))
        .send()
        .await
        .unwrap();
    create()
        .tags(tag("owner", "security"))
        .send()
        .await
        .unwrap();
    let expected = [("owner", "security"), ("env", ""), ("tier", "1")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(pairs(list(100).await.unwrap()), expected);
    // One tag a page: the same tags, in the same order.
    assert_eq!(pairs(list(1).await.unwrap()), expected);

    let delete = || {
        client
            .delete_tag_resource()
            .resource_type(PERMISSION_SET)
            .resource_id(&set)
    };
    // A value that does not match keeps the tag; a key the set does not have is ignored.
    delete()
        .tags(untag("owner", Some("platform")))
        .tags(untag("missing", None))
        .send()
        .await
        .unwrap();
    assert_eq!(pairs(list(100).await.unwrap()), expected);
    delete()
        .tags(untag("owner", Some("security")))
        .tags(untag("tier", None))
        .send()
        .await
        .unwrap();
    assert_eq!(
        pairs(list(100).await.unwrap()),
        [("env".to_owned(), String::new())]
    );
}

#[tokio::test]
async fn an_unknown_permission_set_or_resource_type_is_refused() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let unknown = (client.create_tag_resource())
        .resource_type(PERMISSION_SET)
        .resource_id("ps-0000000000000000")
        .tags(tag("owner", "x"))
        .send()
        .await;
    assert_eq!(
        code_of(unknown),
        (Some(404), UNKNOWN_PERMISSION_SET.to_owned())
    );
    let listed = (client.list_tag_resources())
        .resource_type(PERMISSION_SET)
        .resource_id("ps-0000000000000000")
        .collect()
        .await;
    assert_eq!(code_of(listed).0, Some(404));
    emulator.clear_requests();
    let wrong_type = (client.list_tag_resources())
        .resource_type("identitycenter:instance")
        .resource_id("ps-0000000000000000")
        .collect()
        .await;
    assert!(
        matches!(wrong_type, Err(idc::Error::InvalidRequest { .. })),
        "{wrong_type:?}"
    );
    assert_eq!(emulator.request_count(), 0, "refused before sending");
}

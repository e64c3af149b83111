//! Compile-time guarantees of the public API: what users share across tasks and threads.

use idc::PrincipalType;

fn send_sync<T: Send + Sync + 'static>() {}
fn send<T: Send + 'static>(_: &T) {}
fn std_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn clients_errors_and_streams_are_thread_safe() {
    send_sync::<idc::huawei::Client>();
    send_sync::<idc::scp::Client>();
    send_sync::<idc::huawei::Credentials>();
    send_sync::<idc::scp::Credentials>();
    send_sync::<idc::huawei::Page<idc::huawei::AccountAssignment>>();
    send_sync::<idc::scp::Page<idc::scp::AccountAssignment>>();
    std_error::<idc::Error>();
    std_error::<idc::credentials::CredentialsError>();

    let huawei = idc::huawei::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(idc::huawei::Credentials::new("ak", "sk"))
        .build()
        .unwrap();
    let request = huawei
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p")
        .principal_type(PrincipalType::User);
    send(&request.clone().items());
    send(&request.clone().pages());
    send(&request.collect());

    let scp = idc::scp::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(idc::scp::Credentials::new("ak", "sk"))
        .build()
        .unwrap();
    let request = scp
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a");
    send(&request.clone().items());
    send(&request.send());
}

#[test]
fn errors_convert_into_boxed_errors() {
    let e: Box<dyn std::error::Error + Send + Sync> = Box::new(idc::Error::Pagination {
        message: "x".into(),
    });
    assert_eq!(e.to_string(), "pagination stopped: x");
}

"""What the scripts driving the emulator with the official IdentityCenter Python SDK share: a client
of the emulator at BASE_URL signed with AK, SK and DOMAIN_ID (the first three arguments after the
URL), and `check`, which prints each step and stops at the first that fails.
"""

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkidentitycenter.v1 import IdentityCenterClient


def client(base, ak, sk, domain):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    return (
        IdentityCenterClient.new_builder()
        .with_http_config(config)
        .with_credentials(GlobalCredentials(ak, sk, domain))
        .with_endpoints([base])
        .build()
    )


def check(condition, what):
    if not condition:
        raise SystemExit("FAILED: " + what)
    print("ok:", what)

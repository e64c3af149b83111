//! Huawei Cloud IdentityCenter: the data lookups of its operations (routing, parsing and
//! validation are generated from the spec).

use axum::response::Response;

use crate::generated::huawei_identitycenter as ic;
use crate::generated::huawei_identitycenter::{
    self, DescribeApplicationRequest, DescribePermissionSetRequest,
    GetApplicationAssignmentConfigurationRequest, GetCustomPolicyForPermissionSetRequest,
    GetCustomRoleForPermissionSetRequest, ListAccountAssignmentsForPrincipalRequest,
    ListAccountAssignmentsRequest, ListAccountsForProvisionedPermissionSetRequest,
    ListApplicationAssignmentsForPrincipalRequest, ListApplicationAssignmentsRequest,
    ListApplicationInstancesRequest, ListApplicationsRequest, ListInstancesRequest,
    ListManagedPoliciesInPermissionSetRequest, ListManagedRolesInPermissionSetRequest,
    ListPermissionSetsProvisionedToAccountRequest, ListPermissionSetsRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::http::state::App;
use crate::huawei::identitycenter_app_certificates as certs;
use crate::huawei::identitycenter_applications as apps;
use crate::huawei::identitycenter_assignments as assignments;
use crate::huawei::identitycenter_configuration as config;
use crate::huawei::identitycenter_permission_sets as sets;
use crate::huawei::identitycenter_reads as reads;
use crate::huawei::identitycenter_service as service;
use crate::huawei::identitycenter_statuses as statuses;
use crate::huawei::identitycenter_tags as tags;

use crate::huawei::identitycenter_reads::Answer;

impl huawei_identitycenter::Handlers for App {
    fn list_instances(
        &self,
        ctx: &Context<'_>,
        request: ListInstancesRequest,
    ) -> Result<Response, Reject> {
        reads::list_instances(ctx, request)
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsRequest,
    ) -> Result<Response, Reject> {
        reads::list_account_assignments(ctx, request)
    }

    fn list_account_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
        reads::list_account_assignments_for_principal(ctx, request)
    }

    fn list_application_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
        reads::list_application_assignments_for_principal(ctx, request)
    }

    fn list_application_instances(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationInstancesRequest,
    ) -> Result<Response, Reject> {
        apps::list_instances(ctx, request)
    }

    fn list_applications(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationsRequest,
    ) -> Result<Response, Reject> {
        apps::list_applications(ctx, request)
    }

    fn describe_application(
        &self,
        ctx: &Context<'_>,
        request: DescribeApplicationRequest,
    ) -> Result<Response, Reject> {
        reads::describe_application(ctx, request)
    }

    fn list_application_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsRequest,
    ) -> Result<Response, Reject> {
        reads::list_application_assignments(ctx, request)
    }

    fn get_application_assignment_configuration(
        &self,
        ctx: &Context<'_>,
        request: GetApplicationAssignmentConfigurationRequest,
    ) -> Result<Response, Reject> {
        reads::get_application_assignment_configuration(ctx, request)
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsRequest,
    ) -> Result<Response, Reject> {
        reads::list_permission_sets(ctx, request)
    }

    fn list_permission_sets_provisioned_to_account(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsProvisionedToAccountRequest,
    ) -> Result<Response, Reject> {
        reads::list_permission_sets_provisioned_to_account(ctx, request)
    }

    fn describe_permission_set(
        &self,
        ctx: &Context<'_>,
        request: DescribePermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::describe_permission_set(ctx, request)
    }

    fn list_accounts_for_provisioned_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListAccountsForProvisionedPermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::list_accounts_for_provisioned_permission_set(ctx, request)
    }

    fn get_custom_policy_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomPolicyForPermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::get_custom_policy_for_permission_set(ctx, request)
    }

    fn get_custom_role_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomRoleForPermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::get_custom_role_for_permission_set(ctx, request)
    }

    fn list_managed_policies_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedPoliciesInPermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::list_managed_policies_in_permission_set(ctx, request)
    }

    fn list_managed_roles_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedRolesInPermissionSetRequest,
    ) -> Result<Response, Reject> {
        reads::list_managed_roles_in_permission_set(ctx, request)
    }

    fn create_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreateAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::create_account_assignment_accepted(ctx, request)
    }
    fn delete_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::delete_account_assignment_accepted(ctx, request)
    }
    fn describe_account_assignment_creation_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribeAccountAssignmentCreationStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::creation_status(ctx, request)
    }
    fn list_account_assignment_creation_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListAccountAssignmentCreationStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::creation_statuses(ctx, request)
    }
    fn describe_account_assignment_deletion_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribeAccountAssignmentDeletionStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::deletion_status(ctx, request)
    }
    fn list_account_assignment_deletion_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListAccountAssignmentDeletionStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::deletion_statuses(ctx, request)
    }
    fn create_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreatePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::create_permission_set_now(ctx, request)
    }
    fn update_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::UpdatePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::update_permission_set_now(ctx, request)
    }
    fn delete_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeletePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_permission_set_now(ctx, request)
    }
    fn provision_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ProvisionPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::provision_permission_set_accepted(ctx, request)
    }
    fn describe_permission_set_provisioning_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribePermissionSetProvisioningStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::provisioning_status_of(ctx, request)
    }
    fn list_permission_set_provisioning_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListPermissionSetProvisioningStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::provisioning_statuses(ctx, request)
    }
    fn get_permission_set_summary(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::GetPermissionSetSummaryRequest,
    ) -> Result<Response, Reject> {
        sets::permission_set_summary(ctx, request)
    }
    fn attach_managed_policy_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::AttachManagedPolicyToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::attach_managed_policy_now(ctx, request)
    }
    fn detach_managed_policy_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DetachManagedPolicyFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::detach_managed_policy_now(ctx, request)
    }
    fn attach_managed_role_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::AttachManagedRoleToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::attach_managed_role_now(ctx, request)
    }
    fn detach_managed_role_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DetachManagedRoleFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::detach_managed_role_now(ctx, request)
    }
    fn put_custom_policy_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::PutCustomPolicyToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::put_custom_policy_now(ctx, request)
    }
    fn delete_custom_policy_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteCustomPolicyFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_custom_policy_now(ctx, request)
    }
    fn put_custom_role_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::PutCustomRoleToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::put_custom_role_now(ctx, request)
    }
    fn delete_custom_role_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteCustomRoleFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_custom_role_now(ctx, request)
    }
    fn create_application_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreateApplicationAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::create_application_assignment_now(ctx, request)
    }
    fn delete_application_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteApplicationAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::delete_application_assignment_now(ctx, request)
    }
    fn create_application_instance(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::CreateApplicationInstanceRequest,
    ) -> Result<Response, Reject> {
        apps::create_instance(ctx, r)
    }
    fn get_application_instance(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::GetApplicationInstanceRequest,
    ) -> Result<Response, Reject> {
        apps::get_instance(ctx, r)
    }
    fn delete_application_instance(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::DeleteApplicationInstanceRequest,
    ) -> Result<Response, Reject> {
        apps::delete_instance(ctx, r)
    }
    fn import_application_instance_service_provider_metadata(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ImportApplicationInstanceServiceProviderMetadataRequest,
    ) -> Result<Response, Reject> {
        apps::import_metadata(ctx, r)
    }
    fn update_application_instance_display_data(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceDisplayDataRequest,
    ) -> Result<Response, Reject> {
        apps::update_display_data(ctx, r)
    }
    fn update_application_instance_response_configuration(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceResponseConfigurationRequest,
    ) -> Result<Response, Reject> {
        apps::update_response_configuration(ctx, r)
    }
    fn update_application_instance_response_schema_configuration(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceResponseSchemaConfigurationRequest,
    ) -> Result<Response, Reject> {
        apps::update_response_schema_configuration(ctx, r)
    }
    fn update_application_instance_security_configuration(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceSecurityConfigurationRequest,
    ) -> Result<Response, Reject> {
        apps::update_security_configuration(ctx, r)
    }
    fn update_application_instance_service_provider_configuration(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceServiceProviderConfigurationRequest,
    ) -> Result<Response, Reject> {
        apps::update_service_provider_configuration(ctx, r)
    }
    fn update_application_instance_status(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceStatusRequest,
    ) -> Result<Response, Reject> {
        apps::update_status(ctx, r)
    }
    fn list_application_instance_certificates(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ListApplicationInstanceCertificatesRequest,
    ) -> Result<Response, Reject> {
        certs::list_certificates(ctx, r)
    }
    fn create_application_instance_certificate(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::CreateApplicationInstanceCertificateRequest,
    ) -> Result<Response, Reject> {
        certs::create_certificate(ctx, r)
    }
    fn update_application_instance_active_certificate(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::UpdateApplicationInstanceActiveCertificateRequest,
    ) -> Result<Response, Reject> {
        certs::activate_certificate(ctx, r)
    }
    fn delete_application_instance_certificate(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::DeleteApplicationInstanceCertificateRequest,
    ) -> Result<Response, Reject> {
        certs::delete_certificate(ctx, r)
    }
    fn list_profiles(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ListProfilesRequest,
    ) -> Result<Response, Reject> {
        certs::list_profiles(ctx, r)
    }
    fn delete_profile(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::DeleteProfileRequest,
    ) -> Result<Response, Reject> {
        certs::delete_profile(ctx, r)
    }
    fn disassociate_profile(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::DisassociateProfileRequest,
    ) -> Result<Response, Reject> {
        certs::disassociate_profile(ctx, r)
    }
    fn list_catalog_applications(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ListCatalogApplicationsRequest,
    ) -> Result<Response, Reject> {
        certs::list_catalog(ctx, r)
    }
    fn list_application_templates(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ListApplicationTemplatesRequest,
    ) -> Result<Response, Reject> {
        certs::list_templates(ctx, r)
    }
    fn list_application_providers(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::ListApplicationProvidersRequest,
    ) -> Result<Response, Reject> {
        certs::list_providers(ctx, r)
    }
    fn describe_application_provider(
        &self,
        ctx: &Context<'_>,
        r: huawei_identitycenter::DescribeApplicationProviderRequest,
    ) -> Result<Response, Reject> {
        certs::describe_provider(ctx, r)
    }
    // The instance's configuration and the organization's service instance (issue 20).
    fn get_sso_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::GetSsoConfigurationRequest,
    ) -> Answer {
        config::get_sso(ctx, r)
    }
    fn update_sso_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateSsoConfigurationRequest,
    ) -> Answer {
        config::update_sso(ctx, r)
    }
    fn create_alias(&self, ctx: &Context<'_>, r: ic::CreateAliasRequest) -> Answer {
        config::create_alias(ctx, r)
    }
    fn get_ha_configuration(&self, ctx: &Context<'_>, r: ic::GetHaConfigurationRequest) -> Answer {
        config::get_ha(ctx, r)
    }
    fn update_ha_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateHaConfigurationRequest,
    ) -> Answer {
        config::update_ha(ctx, r)
    }
    fn list_identity_store_association(
        &self,
        ctx: &Context<'_>,
        r: ic::ListIdentityStoreAssociationRequest,
    ) -> Answer {
        config::identity_store_associations(ctx, r)
    }
    fn create_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::CreateInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::create_abac(ctx, r)
    }
    fn describe_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::DescribeInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::describe_abac(ctx, r)
    }
    fn update_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::update_abac(ctx, r)
    }
    fn delete_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::DeleteInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::delete_abac(ctx, r)
    }
    fn get_mfa_device_management_for_identity_store(
        &self,
        ctx: &Context<'_>,
        r: ic::GetMfaDeviceManagementForIdentityStoreRequest,
    ) -> Answer {
        config::get_mfa_management(ctx, r)
    }
    fn put_mfa_device_management_for_identity_store(
        &self,
        ctx: &Context<'_>,
        r: ic::PutMfaDeviceManagementForIdentityStoreRequest,
    ) -> Answer {
        config::put_mfa_management(ctx, r)
    }
    fn get_identity_center_service_status(
        &self,
        ctx: &Context<'_>,
        r: ic::GetIdentityCenterServiceStatusRequest,
    ) -> Answer {
        service::status(ctx, r)
    }
    fn describe_registered_regions(
        &self,
        ctx: &Context<'_>,
        r: ic::DescribeRegisteredRegionsRequest,
    ) -> Answer {
        service::regions(ctx, r)
    }
    fn register_region(&self, ctx: &Context<'_>, r: ic::RegisterRegionRequest) -> Answer {
        service::register_region(ctx, r)
    }
    fn start_identity_center(
        &self,
        ctx: &Context<'_>,
        r: ic::StartIdentityCenterRequest,
    ) -> Answer {
        service::start(ctx, r)
    }
    fn delete_identity_center(
        &self,
        ctx: &Context<'_>,
        r: ic::DeleteIdentityCenterRequest,
    ) -> Answer {
        service::delete(ctx, r)
    }
    fn create_tag_resource(&self, ctx: &Context<'_>, r: ic::CreateTagResourceRequest) -> Answer {
        tags::create_tags(ctx, r)
    }
    fn delete_tag_resource(&self, ctx: &Context<'_>, r: ic::DeleteTagResourceRequest) -> Answer {
        tags::delete_tags(ctx, r)
    }
    fn list_tag_resources(&self, ctx: &Context<'_>, r: ic::ListTagResourcesRequest) -> Answer {
        tags::list_tags(ctx, r)
    }
}

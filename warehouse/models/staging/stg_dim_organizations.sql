-- One row per organization of the reference data.
select
    org_id,
    name,
    org_type,
    country_iso3
from core.dim_organizations

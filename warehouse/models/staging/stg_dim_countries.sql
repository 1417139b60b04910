-- One row per ISO 3166-1 country.
select
    iso3,
    iso2,
    name
from core.dim_countries

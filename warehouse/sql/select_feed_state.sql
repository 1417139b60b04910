-- Validators and last body hash per feed, for conditional GET.
select feed, url, etag, last_modified, last_body_sha256
from ops.feed_state

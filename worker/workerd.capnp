# The self-hosted blob store: the Worker of src/ under workerd, the open-source runtime of Cloudflare
# Workers, with everything kept on local disk. Run it with
#
#   workerd serve worker/workerd.capnp \
#     --socket-addr http=127.0.0.1:8787 \
#     --directory-path blobs=/var/lib/discless/blobs \
#     --directory-path durable-objects=/var/lib/discless/durable-objects \
#     --directory-path app=/srv/discless/app/build
#
# after `npm run build` (which writes build/ and the bundle dist/discless.js). `npm start`
# (scripts/start.mjs) does exactly this; docs/DEPLOY.md runs it as a systemd service.
#
# The store's variables are the environment variables of the same names (unset: the defaults of
# docs/STORE_API.md), so the upload keys never appear in this file or on a command line.

using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "discless", worker = .store),
    # Ciphertext, one file per upload under shares/<id>/. A PUT is written to a hidden temporary
    # file (.kj-tmp.*.partial) and renamed into place when complete; the temporary files of writes
    # a crash cut off are deleted before the next start (scripts/start.mjs, docs/DEPLOY.md).
    (name = "blobs", disk = (writable = true)),
    # One SQLite file per share (-Share/<id>.sqlite) and the alarms (-Share/metadata.sqlite).
    (name = "durable-objects", disk = (writable = true)),
    # The built app, read only.
    (name = "app", disk = ()),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8787", http = (), service = "discless"),
  ],
);

const store :Workerd.Worker = (
  modules = [
    (name = "discless.js", esModule = embed "dist/discless.js"),
  ],
  # As in wrangler.jsonc.
  compatibilityDate = "2026-04-01",
  bindings = [
    (name = "BLOB_DIR", service = "blobs"),
    (name = "APP_DIR", service = "app"),
    (name = "ASSETS", service = (name = "discless", entrypoint = "StaticAssets")),
    (name = "SHARES", durableObjectNamespace = "Share"),
    (name = "SWEEPER", durableObjectNamespace = "Sweeper"),
    (name = "UPLOAD_KEYS", fromEnvironment = "UPLOAD_KEYS"),
    (name = "ALLOWED_ORIGINS", fromEnvironment = "ALLOWED_ORIGINS"),
    (name = "DEFAULT_TTL_SECONDS", fromEnvironment = "DEFAULT_TTL_SECONDS"),
    (name = "MAX_TTL_SECONDS", fromEnvironment = "MAX_TTL_SECONDS"),
    (name = "MIN_TTL_SECONDS", fromEnvironment = "MIN_TTL_SECONDS"),
    (name = "MAX_OBJECT_BYTES", fromEnvironment = "MAX_OBJECT_BYTES"),
    (name = "MAX_MANIFEST_BYTES", fromEnvironment = "MAX_MANIFEST_BYTES"),
    (name = "MAX_OBJECTS_PER_SHARE", fromEnvironment = "MAX_OBJECTS_PER_SHARE"),
    (name = "MAX_SHARE_BYTES", fromEnvironment = "MAX_SHARE_BYTES"),
    (name = "MAX_PIN_ATTEMPTS", fromEnvironment = "MAX_PIN_ATTEMPTS"),
    (name = "ACCESS_LOG_SIZE", fromEnvironment = "ACCESS_LOG_SIZE"),
    (name = "READ_TOKEN_SECONDS", fromEnvironment = "READ_TOKEN_SECONDS"),
    (name = "DOWNLOAD_GRACE_SECONDS", fromEnvironment = "DOWNLOAD_GRACE_SECONDS"),
    (name = "ABANDON_SECONDS", fromEnvironment = "ABANDON_SECONDS"),
  ],
  # uniqueKey names each class's folder and keys its ids: never change it on a store with data.
  # "-Share" is the key the earlier, Miniflare-based store used (its worker had no name), so shares
  # kept by it move over as they are (scripts/migrate-v3.mjs).
  durableObjectNamespaces = [
    (className = "Share", uniqueKey = "-Share", enableSql = true),
    (className = "Sweeper", uniqueKey = "-Sweeper", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "durable-objects"),
);

"""A loopback HTTP server standing in for Cloudinary's upload API and delivery host.

The app talks to it through the real SDK (CLOUDINARY_URL's upload_prefix and cname point
here). Like the real service it checks request signatures, refuses disallowed formats,
answers with a signed response, assembles chunked uploads, lists assets page by page to
the Admin API's basic auth, and serves authenticated assets only through correctly signed
delivery URLs.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import cloudinary.utils
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from dulcevicio.services.storage.kinds import BOOK_IMAGE_WIDTH, IMAGE_WIDTHS

API_KEY = "123456789012345"
API_SECRET = "stub-secret-abcdef"
CLOUD = "dulce-demo"
UNSIGNED_FIELDS = {"file", "api_key", "signature", "resource_type", "cloud_name"}


@dataclass
class Asset:
    public_id: str
    resource_type: str
    delivery_type: str
    format: str
    data: bytes
    version: int
    created_at: float = field(default_factory=time.time)


@dataclass
class CloudinaryStub:
    assets: dict[str, Asset] = field(default_factory=dict)
    calls: list[dict] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)  # paths of the assets served
    fail_next: tuple[int, str] | None = None  # (status, message) for the next API call
    fail_action: str | None = None  # ... of this action only ("upload", "destroy", "list")
    delay_seconds: float = 0.0
    delivery_delay_seconds: float = 0.0  # per delivered file: a network's latency (bench)
    chunks: dict[str, bytearray] = field(default_factory=dict)
    page_size: int = 500  # the Admin API's largest page; tests make it small to see paging

    def start(self) -> CloudinaryStub:
        self.server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    @property
    def cloudinary_url(self) -> str:
        return (
            f"cloudinary://{API_KEY}:{API_SECRET}@{CLOUD}"
            f"?upload_prefix=http://{self.host}&cname={self.host}&secure=false"
        )

    # --- HTTP ---------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        request = Request(environ)
        if request.method == "OPTIONS":  # CORS preflight from the browser
            response = Response(status=204)
        elif request.method == "POST":
            response = self.api(request)
        elif request.path.startswith(f"/v1_1/{CLOUD}/resources/"):
            response = self.list_resources(request)
        else:
            response = self.deliver(request)
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Headers"] = "X-Unique-Upload-Id, Content-Range"
        return response(environ, start_response)

    @staticmethod
    def error(status: int, message: str) -> Response:
        return Response(
            json.dumps({"error": {"message": message}}), status, mimetype="application/json"
        )

    def take_failure(self, action: str) -> Response | None:
        if self.fail_next and self.fail_action in (None, action):
            status, message = self.fail_next
            self.fail_next = None
            return self.error(status, message)
        return None

    def api(self, request: Request) -> Response:
        match = re.fullmatch(rf"/v1_1/{CLOUD}/(image|video|raw)/(upload|destroy)", request.path)
        if not match:
            return self.error(404, "Not found")
        resource_type, action = match.groups()
        params = {key: value for key, value in request.form.items() if key not in UNSIGNED_FIELDS}
        self.calls.append(
            {
                "action": action,
                "resource_type": resource_type,
                "params": dict(request.form),
                "headers": dict(request.headers),
            }
        )
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if failure := self.take_failure(action):
            return failure
        expected = cloudinary.utils.api_sign_request(params, API_SECRET)
        if request.form.get("api_key") != API_KEY or request.form.get("signature") != expected:
            return self.error(401, "Invalid Signature")
        if action == "destroy":
            found = self.assets.pop(params["public_id"], None)
            return Response(
                json.dumps({"result": "ok" if found else "not found"}), mimetype="application/json"
            )
        return self.upload(request, resource_type, params)

    def list_resources(self, request: Request) -> Response:
        """The Admin API's `GET resources/{resource_type}/{type}`, paged by next_cursor."""
        match = re.fullmatch(rf"/v1_1/{CLOUD}/resources/(image|video|raw)/(\w+)", request.path)
        if not match:
            return self.error(404, "Not found")
        resource_type, delivery_type = match.groups()
        self.calls.append(
            {
                "action": "list",
                "resource_type": resource_type,
                "params": dict(request.args),
                "headers": dict(request.headers),
            }
        )
        if failure := self.take_failure("list"):
            return failure
        credentials = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {credentials}":
            return self.error(401, "Invalid credentials")
        matching = [
            asset
            for public_id, asset in sorted(self.assets.items())
            if asset.resource_type == resource_type
            and asset.delivery_type == delivery_type
            and public_id.startswith(request.args.get("prefix", ""))
        ]
        start = int(request.args.get("next_cursor") or 0)
        end = start + min(int(request.args.get("max_results", 10)), self.page_size)
        answer = {
            "resources": [
                {
                    "public_id": asset.public_id,
                    "resource_type": asset.resource_type,
                    "type": asset.delivery_type,
                    "bytes": len(asset.data),
                    "created_at": datetime.fromtimestamp(asset.created_at, UTC)
                    .isoformat(timespec="seconds")
                    .replace("+00:00", "Z"),
                }
                for asset in matching[start:end]
            ]
        }
        if end < len(matching):
            answer["next_cursor"] = str(end)
        return Response(json.dumps(answer), mimetype="application/json")

    def upload(self, request: Request, resource_type: str, params: dict) -> Response:
        upload = request.files.get("file")
        if upload is None:
            return self.error(400, "Missing required parameter - file")
        data = upload.read()
        content_range = request.headers.get("Content-Range")
        if content_range:  # chunked upload: collect until the last part arrives
            start, end, total = map(
                int, re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", content_range).groups()
            )
            buffer = self.chunks.setdefault(request.headers["X-Unique-Upload-Id"], bytearray())
            if start != len(buffer):
                return self.error(400, "Chunk out of order")
            buffer.extend(data)
            if end + 1 < total:
                return Response(json.dumps({"done": False}), mimetype="application/json")
            data = bytes(self.chunks.pop(request.headers["X-Unique-Upload-Id"]))
        extension = (upload.filename or "").rsplit(".", 1)[-1].lower()
        formats = params.get("allowed_formats", "")
        file_format = {"image": "jpg", "video": extension, "raw": extension}[resource_type]
        if formats and resource_type != "raw" and file_format not in formats.split(","):
            return self.error(400, f"{file_format} format not allowed")
        public_id = "/".join(filter(None, [params.get("folder"), params.get("public_id")]))
        delivery_type = params.get("type", "upload")
        version = int(time.time())
        self.assets[public_id] = Asset(
            public_id, resource_type, delivery_type, file_format, data, version
        )
        signature = cloudinary.utils.api_sign_request(
            {"public_id": public_id, "version": version}, API_SECRET, signature_version=1
        )
        answer = {
            "public_id": public_id,
            "version": version,
            "signature": signature,
            "resource_type": resource_type,
            "type": delivery_type,
            "format": file_format,
            "bytes": len(data),
            "secure_url": f"https://{self.host}/{CLOUD}/{resource_type}/{delivery_type}/v{version}/{public_id}",
        }
        if resource_type == "video":
            answer["duration"] = 61.4
        return Response(json.dumps(answer), mimetype="application/json")

    def deliver(self, request: Request) -> Response:
        """Serve an asset, checking the URL signature of authenticated ones (resized
        renditions are served at full size: the stand-in does not transform)."""
        for asset in self.assets.values():
            resizes = [{}] + [
                {"width": width, "crop": "limit", "quality": "auto"}
                for width in (*IMAGE_WIDTHS, BOOK_IMAGE_WIDTH)
            ]
            for resize in resizes if asset.resource_type == "image" else [{}]:
                url, _ = cloudinary.utils.cloudinary_url(
                    asset.public_id,
                    resource_type=asset.resource_type,
                    type=asset.delivery_type,
                    sign_url=asset.delivery_type == "authenticated",
                    format=asset.format if asset.resource_type == "image" else None,
                    **resize,
                )
                if url.split(self.host, 1)[-1] == request.path:
                    self.deliveries.append(request.path)
                    if self.delivery_delay_seconds:
                        time.sleep(self.delivery_delay_seconds)
                    return Response(asset.data, mimetype="application/octet-stream")
        return Response("Not found", 404)

"""Smoke test through a running production stack (see prod_smoke.sh): python .ci/smoke.py BASE_URL."""

import datetime as dt
import http.cookiejar
import io
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from openpyxl import Workbook

BASE = sys.argv[1].rstrip("/")
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


plain = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def call(path, data=None, headers=None, follow=True):
    request = urllib.request.Request(BASE + path, data=data, headers={"Referer": BASE + "/", **(headers or {})})
    try:
        response = (opener if follow else plain).open(request, timeout=30)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()
    return response.status, response.headers, response.read()


def csrf() -> str:
    return next(c.value for c in jar if c.name == "csrftoken")


def check(condition, what):
    if not condition:
        raise SystemExit(f"SMOKE FAILED: {what}")
    print(f"ok  {what}")


status, _h, _b = call("/healthz")
check(status == 200, "healthz answers")
call("/login/")
status, headers, _b = call("/login/", urllib.parse.urlencode({
    "username": "camau", "password": os.environ["OCOP_DEMO_ADMIN_PASSWORD"], "csrfmiddlewaretoken": csrf()}).encode(),
    follow=False)
check(status == 302, "a provincial officer logs in")

wb = Workbook()
ws = wb.active
ws.append(["Tên sản phẩm", "Chủ thể", "Tỉnh/Thành phố", "Nhóm sản phẩm", "Số sao", "Số quyết định", "Ngày quyết định"])
ws.append(["Mắm tôm chà kiểm thử", "HTX Kiểm thử Sông Đốc", "Cà Mau", "Thực phẩm", 3, f"S{uuid.uuid4().hex[:6]}/QĐ-UBND",
           (dt.date.today() - dt.timedelta(days=30)).strftime("%d/%m/%Y")])
buffer = io.BytesIO()
wb.save(buffer)
boundary = uuid.uuid4().hex
body = b"".join([
    f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{csrf()}\r\n".encode(),
    f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"smoke.xlsx\"\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode(),
    buffer.getvalue(), f"\r\n--{boundary}--\r\n".encode()])
status, headers, _b = call("/imports/", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, follow=False)
check(status == 302 and "/imports/" in headers.get("Location", ""), "a register file is uploaded for import")
job_url = urllib.parse.urlsplit(headers["Location"]).path
state = ""
for _ in range(120):
    _s, _h, page = call(job_url)
    state = re.search(rb'data-state="([a-z_]+)"', page).group(1).decode()
    if state in ("done", "failed"):
        break
    time.sleep(0.5)
check(state == "done", f"the worker imported it (state {state})")

_s, _h, page = call("/api/v1/products?province=96&status=in_force&page_size=5")
certificate_id = next(item["certificate_id"] for item in json.loads(page)["results"] if item["current_stars"])
status, _h, page = call(f"/api/v1/verify/{certificate_id}")
check(status == 200 and json.loads(page)["status"] == "in_force", "a certificate verifies")
status, headers, page = call(f"/certificates/{certificate_id}/pdf/")
check(status == 200 and page.startswith(b"%PDF"), "its PDF is made")

media = Path(os.environ["OCOP_DATA_DIR"]) / "media" / "smoke" / "photo.txt"
media.parent.mkdir(parents=True, exist_ok=True)
media.write_bytes(b"a product photo")
status, _h, page = call("/media/smoke/photo.txt")
check(status == 200 and page == b"a product photo", "a media file is served")

mail_dir = Path(os.environ["EMAIL_FILE_PATH"])
for _ in range(60):
    if mail_dir.is_dir() and any(mail_dir.iterdir()):
        break
    time.sleep(0.5)
check(mail_dir.is_dir() and any(mail_dir.iterdir()), "the worker sends the e-mail queued by the workflow")

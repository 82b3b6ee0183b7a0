"""A loopback stand-in for the ECS / AWS Batch container credentials endpoint (used by container-check.sh).

Serves /good and /bad: the first with the S3 server's real keys, the second with a wrong secret. Only
requests carrying the expected Authorization token get credentials. Prints its port, then one line per request.
Usage: python3 credentials-endpoint.py ACCESS_KEY SECRET AUTH_TOKEN
"""
import datetime
import http.server
import json
import sys

ACCESS_KEY, SECRET, AUTH = sys.argv[1], sys.argv[2], sys.argv[3]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") != AUTH or self.path not in ("/good", "/bad"):
            self.send_response(401)
            self.end_headers()
            print("refused " + self.path, flush=True)
            return
        expiration = (datetime.datetime.utcnow() + datetime.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = json.dumps({
            "AccessKeyId": ACCESS_KEY,
            "SecretAccessKey": SECRET if self.path == "/good" else "wrong-" + SECRET[:4],
            "Token": "container-session-token",
            "Expiration": expiration,
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        print("served " + self.path, flush=True)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

# A minimal read-only FHIR R4 server for capturing the HL7 CDS Hooks sandbox's requests offline (test tooling).
import json, sys, datetime, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
data = json.load(open(sys.argv[1]))
recent = (datetime.datetime.utcnow() - datetime.timedelta(days=3)).strftime('%Y-%m-%dT%H:%M:%SZ')
resources = [json.loads(json.dumps(e['resource']).replace('@RECENT@', recent)) for e in data['entry']]
class H(BaseHTTPRequestHandler):
    def cors(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        self.send_header('Access-Control-Allow-Headers', '*')
        self.send_header('Access-Control-Allow-Methods', 'GET, OPTIONS')
    def do_OPTIONS(self):
        self.send_response(204); self.cors(); self.end_headers()
    def send(self, code, body):
        b = json.dumps(body).encode()
        self.send_response(code); self.cors()
        self.send_header('Content-Type', 'application/fhir+json'); self.send_header('Content-Length', str(len(b)))
        self.end_headers(); self.wfile.write(b)
    def do_POST(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n).decode() if n else ''
        path = self.path.split('?')[0]
        if path.endswith('/_search'):
            self.path = path[:-len('/_search')] + '?' + body
            return self.do_GET()
        self.send(405, {'resourceType': 'OperationOutcome', 'issue': [{'severity': 'error', 'code': 'not-supported'}]})
    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        parts = [p for p in u.path.split('/') if p]
        q = urllib.parse.parse_qs(u.query)
        sys.stderr.write('FHIR GET ' + self.path + '\n')
        if parts == ['metadata']:
            return self.send(200, {'resourceType': 'CapabilityStatement', 'status': 'active', 'fhirVersion': '4.0.1',
                                   'kind': 'instance', 'format': ['json'], 'date': '2026-12-07'})
        if len(parts) == 2:
            for r in resources:
                if r['resourceType'] == parts[0] and r['id'] == parts[1]:
                    return self.send(200, r)
            return self.send(404, {'resourceType': 'OperationOutcome', 'issue': [{'severity': 'error', 'code': 'not-found'}]})
        if len(parts) == 1:
            rt = parts[0]
            codes = set()
            for c in q.get('code', []):
                for x in c.split(','):
                    codes.add(x.split('|')[-1])
            hits = []
            for r in resources:
                if r['resourceType'] != rt:
                    continue
                if codes and not any(cd.get('code') in codes for cd in r.get('code', {}).get('coding', [])):
                    continue
                hits.append(r)
            return self.send(200, {'resourceType': 'Bundle', 'type': 'searchset', 'total': len(hits),
                                   'entry': [{'fullUrl': 'http://localhost:8082/' + r['resourceType'] + '/' + r['id'],
                                              'resource': r} for r in hits]})
        self.send(404, {'resourceType': 'OperationOutcome', 'issue': [{'severity': 'error', 'code': 'not-found'}]})
    def log_message(self, *a):
        pass
ThreadingHTTPServer(('127.0.0.1', int(sys.argv[2])), H).serve_forever()

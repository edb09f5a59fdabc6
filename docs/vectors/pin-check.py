#!/usr/bin/env python3
# Re-derives docs/vectors/pin.json (SPEC §3.1) with libargon2 and hashlib, independently of the
# project code. Run from the repository root: python3 docs/vectors/pin-check.py
import ctypes, ctypes.util, json, hmac, hashlib, base64
lib = ctypes.CDLL(ctypes.util.find_library('argon2') or 'libargon2.so.1')
def argon2id(pw, salt, t, m, p, n):
    out = ctypes.create_string_buffer(n)
    rc = lib.argon2id_hash_raw(t, m, p, pw, len(pw), salt, len(salt), out, n)
    assert rc == 0, rc
    return out.raw
def hkdf(ikm, salt, info, L):
    prk = hmac.new(salt or b'\0'*32, ikm, hashlib.sha256).digest()
    okm=b''; t=b''; i=1
    while len(okm)<L:
        t=hmac.new(prk, t+info+bytes([i]), hashlib.sha256).digest(); okm+=t; i+=1
    return okm[:L]
d=json.load(open('docs/vectors/pin.json')); secrets=json.load(open('docs/vectors/envelope.json'))['secrets']
a=d['argon2id']
for v in d['positive']:
    S=bytes.fromhex(secrets[v['secret']])
    ps=hkdf(S,b'',b'discless/v1/pin-salt',16); assert ps.hex()==v['pinSalt']
    P=argon2id(v['pin'].encode(), ps, a['iterations'], a['memorySize'], a['parallelism'], a['hashLength']); assert P.hex()==v['pinKey'], v['name']
    assert hkdf(S,b'',b'discless/v1/share-id',16).hex()==v['shareId']
    K=hkdf(S,P,b'discless/v1/content-root',32)
    assert hkdf(K,b'',b'discless/v1/key-check',32).hex()==v['keyCheck']
    proof=base64.urlsafe_b64encode(hkdf(K,b'',b'discless/v1/pin-proof',32)).rstrip(b'=').decode(); assert proof==v['proof']
    assert hashlib.sha256(proof.encode()).hexdigest()==v['verifier']
    print('ok', v['name'])

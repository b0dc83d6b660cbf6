set -e
d=$1; mod=$2; pin=$3; signer=$4
cd "$d"
mkdir -p certs tokens; : > index.txt; echo 1000 > serial; echo 1000 > crlnumber
cat > ca.cnf <<C
[ca]
default_ca = test
[test]
dir = $d
database = $d/index.txt
new_certs_dir = $d/certs
serial = $d/serial
crlnumber = $d/crlnumber
default_md = sha256
policy = any
unique_subject = no
default_crl_days = 3650
[any]
commonName = supplied
organizationName = optional
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[usr]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
C
openssl genrsa -out ca.key 2048 2>/dev/null
openssl req -new -key ca.key -subj "/O=Test/CN=CA thu nghiem" -out ca.csr
openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -startdate 20250101000000Z -enddate 20491231000000Z -extensions v3_ca -in ca.csr -out ca.pem 2>/dev/null
cat > softhsm2.conf <<C
directories.tokendir = $d/tokens
objectstore.backend = file
log.level = ERROR
C
export SOFTHSM2_CONF=$d/softhsm2.conf
for t in valid:20260101000000Z:20451231000000Z expired:20250101000000Z:20260601000000Z revoked:20260101000000Z:20451231000000Z; do
  name=${t%%:*}; rest=${t#*:}; start=${rest%%:*}; end=${rest#*:}
  openssl genrsa -out $name.key 2048 2>/dev/null
  openssl req -new -key $name.key -subj "/O=Test/CN=$signer $name" -out $name.csr
  openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -startdate $start -enddate $end -extensions usr -in $name.csr -out $name.pem 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in $name.key -out $name.p8
  openssl x509 -in $name.pem -outform DER -out $name.der
  softhsm2-util --init-token --free --label $name --pin $pin --so-pin 87654321 >/dev/null
  softhsm2-util --import $name.p8 --token $name --label $signer --id 01 --pin $pin >/dev/null
  pkcs11-tool --module $mod --token-label $name --login --pin $pin --write-object $name.der --type cert --id 01 --label $signer >/dev/null
done
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -revoke revoked.pem 2>/dev/null
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -crl_lastupdate 20260101000000Z -crl_nextupdate 20491231000000Z -out crl.pem 2>/dev/null

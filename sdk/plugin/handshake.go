package plugin

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"net"
	"os"
	"time"

	"github.com/lode-elearning/lode/sdk"
)

// negotiate picks the protocol version: this SDK's, which the engine lists
// in PLUGIN_PROTOCOL_VERSIONS when it speaks it too. When it does not, the
// plugin still says its own, and the engine refuses it naming both.
func negotiate() int {
	return sdk.ProtocolVersion
}

// serverCert is the plugin's TLS identity, when the engine asked for
// mutual TLS by sending its own certificate in PLUGIN_CLIENT_CERT.
type serverCert struct {
	tls  *tls.Config // nil: no TLS
	line string      // the certificate for the handshake line, "" for none
}

// listen opens a Unix socket in PLUGIN_UNIX_SOCKET_DIR (or the temporary
// folder) and, when the engine sent its certificate, makes one for the
// plugin and wraps the socket in TLS; otherwise the engine speaks HTTP/2
// in clear text.
func listen() (net.Listener, serverCert, error) {
	f, err := os.CreateTemp(os.Getenv("PLUGIN_UNIX_SOCKET_DIR"), "plugin")
	if err != nil {
		return nil, serverCert{}, err
	}
	path := f.Name()
	f.Close()
	os.Remove(path) // the socket's path must not exist
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, serverCert{}, err
	}
	clientPEM := os.Getenv("PLUGIN_CLIENT_CERT")
	if clientPEM == "" {
		return l, serverCert{}, nil
	}
	cert, err := mutualTLS([]byte(clientPEM))
	if err != nil {
		l.Close()
		return nil, serverCert{}, err
	}
	return tls.NewListener(l, cert.tls), cert, nil
}

// mutualTLS makes a self-signed certificate for "localhost", as the
// engine's client expects, and accepts only the engine's certificate.
func mutualTLS(clientPEM []byte) (serverCert, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(clientPEM) {
		return serverCert{}, errors.New("PLUGIN_CLIENT_CERT holds no certificate")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return serverCert{}, err
	}
	sn, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return serverCert{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn, Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		BasicConstraintsValid: true, IsCA: true,
		NotBefore: time.Now().Add(-30 * time.Second), NotAfter: time.Now().Add(24 * 365 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return serverCert{}, err
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12,
		NextProtos: []string{"h2"}, // gRPC's client insists on ALPN
	}
	// Raw base64 of the DER: the handshake line has no room for PEM's newlines.
	return serverCert{tls: cfg, line: base64.RawStdEncoding.EncodeToString(der)}, nil
}

package sdk

// HandshakeConfig is what the engine puts in a plugin's environment,
// MagicCookieKey=MagicCookieValue, before it starts it. It is part of the
// contract rather than of the transport so that a program can tell it was
// started as a plugin without linking gRPC.
type HandshakeConfig struct {
	MagicCookieKey   string
	MagicCookieValue string
}

// Handshake is shared by the engine and every plugin. It is not security:
// it stops a user from running a plugin binary by hand and getting confused.
var Handshake = HandshakeConfig{
	MagicCookieKey:   "LODE_CONTENT_PLUGIN",
	MagicCookieValue: "b7d2f1a4-lode-content-type",
}

package xapi

import "strconv"

// attachments reads a statement's attachments member.
func (d *decoder) attachments(n *node, path propPath) ([]Attachment, error) {
	els, ok, err := d.array(n, path, "attachments")
	if err != nil || !ok {
		return nil, err
	}
	out := make([]Attachment, len(els))
	ap := path.at("attachments")
	for i, el := range els {
		if out[i], err = d.attachment(el, ap.elem(i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *decoder) attachment(n *node, path propPath) (Attachment, error) {
	var a Attachment
	if err := d.object(n, path, "usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"); err != nil {
		return a, err
	}
	if err := d.require(n, path, "usageType", "display", "contentType", "length", "sha2"); err != nil {
		return a, err
	}
	var err error
	if a.UsageType, err = d.iri(n, path, "usageType"); err != nil {
		return a, err
	}
	if a.Display, err = d.langMap(n, path, "display"); err != nil {
		return a, err
	}
	if a.Description, err = d.langMap(n, path, "description"); err != nil {
		return a, err
	}
	if a.ContentType, err = d.str(n, path, "contentType"); err != nil {
		return a, err
	}
	if !isMediaType(a.ContentType) {
		return a, invalid(join(path, "contentType"), "%q is not an Internet media type", a.ContentType)
	}
	if a.UsageType == SignatureUsageType && !isOctetStream(a.ContentType) {
		return a, invalid(join(path, "contentType"), "a signature attachment must be application/octet-stream, not %q", a.ContentType)
	}
	length := n.get("length")
	if err := d.kind(length, path.at("length"), kindNumber); err != nil {
		return a, err
	}
	if a.Length, err = strconv.ParseInt(length.s, 10, 64); err != nil || a.Length < 0 {
		return a, invalid(join(path, "length"), "%s is not a non-negative integer", length.s)
	}
	if a.SHA2, err = d.str(n, path, "sha2"); err != nil {
		return a, err
	}
	if !isSHA2Hex(a.SHA2) {
		return a, invalid(join(path, "sha2"), "%q is not a hex-encoded SHA-2 hash", a.SHA2)
	}
	if a.FileURL, err = d.iri(n, path, "fileUrl"); err != nil {
		return a, err
	}
	return a, nil
}

package credential

import (
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/lode-elearning/lode/engine/i18n"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// FormatDate writes a date in English as certificates show it: 2
// December 2026. i18n.Locale.Date writes it in other languages.
func FormatDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// FormatHours writes CE hours without trailing zeros: 1, 1.5, 0.25.
func FormatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// pdfFont is the Go font family, embedded in the binary and subset into
// each PDF: TrueType, so that every name prints as written (Zoë, Ñúñez,
// Łukasz, Ольга), which the PDF core fonts' Latin-1 cannot.
const pdfFont = "Go"

// PDF writes the certificate as a one-page A4 landscape PDF: who, what,
// how many CE hours, when, issued by whom, and where and with which code
// to verify it, with its words in loc's language (the module's).
func (i *Issuer) PDF(w io.Writer, c *Certificate, loc *i18n.Locale) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	pdf.SetTitle(loc.T("certificate.pdf_title", "Name", c.LearnerName, "Module", c.ModuleTitle), true)
	pdf.SetSubject(loc.T("certificate.pdf_subject", "Module", c.ModuleTitle, "Version", c.ModuleVersion), true)
	pdf.SetLang(loc.Tag)
	pdf.SetAuthor(i.Name, true)
	pdf.SetCreator("Lode", true)
	pdf.SetCreationDate(c.IssuedAt)
	pdf.SetModificationDate(c.IssuedAt)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(25, 22, 25)
	pdf.AddPage()
	w0, h0 := pdf.GetPageSize()
	pdf.SetDrawColor(11, 92, 173)
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, w0-20, h0-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(13, 13, w0-26, h0-26, "D")

	line := func(style string, size, height float64, text string) {
		pdf.SetFont(pdfFont, style, size)
		pdf.MultiCell(0, height, text, "", "C", false)
	}
	pdf.SetTextColor(26, 26, 26)
	pdf.SetY(26)
	line("B", 15, 8, i.Name)
	pdf.Ln(4)
	line("B", 30, 14, loc.T("certificate.heading"))
	pdf.Ln(4)
	line("", 13, 7, loc.T("certificate.certifies"))
	pdf.Ln(1)
	line("B", 26, 12, c.LearnerName)
	pdf.Ln(1)
	line("", 13, 7, loc.T("certificate.completed_module"))
	pdf.Ln(1)
	line("B", 19, 9, c.ModuleTitle)
	line("", 12, 7, loc.T("certificate.version", "Version", c.ModuleVersion))
	pdf.Ln(4)
	line("", 13, 7, loc.T("certificate.pdf_facts", "Hours", FormatHours(c.CEHours), "Date", loc.Date(c.CompletedAt)))
	line("", 13, 7, loc.T("certificate.pdf_issued", "Issuer", i.Name, "Date", loc.Date(c.IssuedAt)))

	verify := i.VerifyURL(c.Code)
	pdf.SetY(h0 - 42)
	pdf.SetTextColor(85, 85, 85)
	line("", 11, 6, loc.T("certificate.code")+" "+c.Code)
	pdf.SetFont(pdfFont, "", 11)
	pdf.SetTextColor(11, 92, 173)
	pdf.CellFormat(0, 6, loc.T("certificate.verify_at")+" "+verify, "", 1, "C", false, 0, verify)
	return pdf.Output(w)
}

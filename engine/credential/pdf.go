package credential

import (
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// FormatDate writes a date as certificates show it: 2 December 2026.
func FormatDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// FormatHours writes CE hours without trailing zeros: 1, 1.5, 0.25.
func FormatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// pdfFont is the Go font family, embedded in the binary and subset into
// each PDF: TrueType, so that every name prints as written (Zoë, Ñúñez,
// Łukasz, Ольга), which the PDF core fonts' Latin-1 cannot.
const pdfFont = "Go"

// PDF writes the certificate as a one-page A4 landscape PDF: who, what,
// how many CE hours, when, issued by whom, and where and with which code
// to verify it.
func (i *Issuer) PDF(w io.Writer, c *Certificate) error {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	pdf.SetTitle("Certificate of completion: "+c.LearnerName+", "+c.ModuleTitle, true)
	pdf.SetSubject(c.ModuleTitle+" (version "+c.ModuleVersion+")", true)
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
	line("B", 30, 14, "Certificate of completion")
	pdf.Ln(4)
	line("", 13, 7, "This certifies that")
	pdf.Ln(1)
	line("B", 26, 12, c.LearnerName)
	pdf.Ln(1)
	line("", 13, 7, "completed the continuing-education module")
	pdf.Ln(1)
	line("B", 19, 9, c.ModuleTitle)
	line("", 12, 7, "Version "+c.ModuleVersion)
	pdf.Ln(4)
	line("", 13, 7, "CE hours: "+FormatHours(c.CEHours)+"     Completed on "+FormatDate(c.CompletedAt))
	line("", 13, 7, "Issued by "+i.Name+" on "+FormatDate(c.IssuedAt))

	verify := i.VerifyURL(c.Code)
	pdf.SetY(h0 - 42)
	pdf.SetTextColor(85, 85, 85)
	line("", 11, 6, "Verification code: "+c.Code)
	pdf.SetFont(pdfFont, "", 11)
	pdf.SetTextColor(11, 92, 173)
	pdf.CellFormat(0, 6, "Verify at "+verify, "", 1, "C", false, 0, verify)
	return pdf.Output(w)
}

package pluginhost

import (
	"strings"

	"golang.org/x/net/html/atom"
)

// allowedElements are what accessible text, forms and media need.
var allowedElements = atoms(`div span p br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd
	strong em b i u s small sub sup code pre kbd samp var blockquote q cite abbr mark
	del ins time figure figcaption section article aside header footer nav details summary
	table caption thead tbody tfoot tr th td colgroup col
	form fieldset legend label input button select option optgroup textarea output progress meter
	a img picture source video audio track`)

// droppedWhole are elements whose content must not reach the page either:
// code, styles, embedded documents and foreign content.
var droppedWhole = atoms(`script style noscript template iframe frame frameset object embed
	applet svg math title head meta link base`)

// voidElements have no end tag.
var voidElements = atoms(`area base br col embed hr img input link meta source track wbr`)

// globalAttrs may be on any allowed element, with every aria-* in
// ariaAttrs and every data-* attribute.
var globalAttrs = set(`id class title lang dir role hidden tabindex`)

// ariaAttrs are the WAI-ARIA 1.2 states and properties.
var ariaAttrs = set(`aria-activedescendant aria-atomic aria-autocomplete
	aria-braillelabel aria-brailleroledescription aria-busy aria-checked aria-colcount
	aria-colindex aria-colspan aria-controls aria-current aria-describedby aria-description
	aria-details aria-disabled aria-errormessage aria-expanded aria-flowto aria-haspopup
	aria-hidden aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-level aria-live
	aria-modal aria-multiline aria-multiselectable aria-orientation aria-owns aria-placeholder
	aria-posinset aria-pressed aria-readonly aria-relevant aria-required aria-roledescription
	aria-rowcount aria-rowindex aria-rowspan aria-selected aria-setsize aria-sort
	aria-valuemax aria-valuemin aria-valuenow aria-valuetext`)

// urlAttrs hold URLs, checked by safeURL.
var urlAttrs = set(`href src cite poster`)

const controlAttrs = `name value disabled form `

// elementAttrs are each element's own attributes (form's action and
// method are checked on their own, in allowedAttr).
var elementAttrs = map[atom.Atom]map[string]bool{
	atom.A:          set(`href rel hreflang download`),
	atom.Form:       set(`name novalidate autocomplete`),
	atom.Label:      set(`for`),
	atom.Output:     set(controlAttrs + `for`),
	atom.Fieldset:   set(controlAttrs),
	atom.Input:      set(controlAttrs + `type checked min max step pattern size list accept required readonly placeholder maxlength minlength autocomplete inputmode spellcheck multiple`),
	atom.Button:     set(controlAttrs + `type`),
	atom.Select:     set(controlAttrs + `required multiple size autocomplete`),
	atom.Textarea:   set(controlAttrs + `required readonly placeholder maxlength minlength autocomplete inputmode spellcheck rows cols wrap`),
	atom.Option:     set(`value selected disabled label`),
	atom.Optgroup:   set(`label disabled`),
	atom.Details:    set(`open`),
	atom.Ol:         set(`start reversed type`),
	atom.Li:         set(`value`),
	atom.Progress:   set(`value max`),
	atom.Meter:      set(`value min max low high optimum`),
	atom.Time:       set(`datetime`),
	atom.Del:        set(`datetime cite`),
	atom.Ins:        set(`datetime cite`),
	atom.Blockquote: set(`cite`),
	atom.Q:          set(`cite`),
	atom.Td:         set(`colspan rowspan headers align`), // Markdown tables align columns
	atom.Th:         set(`colspan rowspan headers scope align`),
	atom.Col:        set(`span`),
	atom.Colgroup:   set(`span`),
	atom.Img:        set(`src alt width height loading decoding`),
	atom.Source:     set(`src type media`),
	atom.Video:      set(`src controls preload poster width height playsinline muted loop crossorigin`),
	atom.Audio:      set(`src controls preload muted loop crossorigin`),
	atom.Track:      set(`src kind srclang label default`),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func atoms(words string) map[atom.Atom]bool {
	m := map[atom.Atom]bool{}
	for _, w := range strings.Fields(words) {
		m[atom.Lookup([]byte(w))] = true
	}
	return m
}

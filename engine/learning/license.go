package learning

// License is what a module's SPDX license id means to a learner: a name
// to read and the page where the terms are explained.
type License struct {
	ID   string // the SPDX id as the module gives it
	Name string // a human name; the id itself when the id is not known
	URL  string // the license's page; "" when the id is not known
}

// licenses are the SPDX ids of the licenses open educational content most
// often carries. It is not the SPDX list: an id missing from it is shown
// as written, never refused (checking ids against SPDX is module loading's
// job).
var licenses = map[string]License{
	"CC-BY-4.0":         {Name: "Creative Commons Attribution 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"},
	"CC-BY-SA-4.0":      {Name: "Creative Commons Attribution-ShareAlike 4.0", URL: "https://creativecommons.org/licenses/by-sa/4.0/"},
	"CC-BY-NC-4.0":      {Name: "Creative Commons Attribution-NonCommercial 4.0", URL: "https://creativecommons.org/licenses/by-nc/4.0/"},
	"CC-BY-NC-SA-4.0":   {Name: "Creative Commons Attribution-NonCommercial-ShareAlike 4.0", URL: "https://creativecommons.org/licenses/by-nc-sa/4.0/"},
	"CC-BY-ND-4.0":      {Name: "Creative Commons Attribution-NoDerivatives 4.0", URL: "https://creativecommons.org/licenses/by-nd/4.0/"},
	"CC-BY-NC-ND-4.0":   {Name: "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0", URL: "https://creativecommons.org/licenses/by-nc-nd/4.0/"},
	"CC-BY-3.0":         {Name: "Creative Commons Attribution 3.0", URL: "https://creativecommons.org/licenses/by/3.0/"},
	"CC-BY-SA-3.0":      {Name: "Creative Commons Attribution-ShareAlike 3.0", URL: "https://creativecommons.org/licenses/by-sa/3.0/"},
	"CC-BY-NC-3.0":      {Name: "Creative Commons Attribution-NonCommercial 3.0", URL: "https://creativecommons.org/licenses/by-nc/3.0/"},
	"CC-BY-NC-SA-3.0":   {Name: "Creative Commons Attribution-NonCommercial-ShareAlike 3.0", URL: "https://creativecommons.org/licenses/by-nc-sa/3.0/"},
	"CC0-1.0":           {Name: "Creative Commons Zero 1.0 (public domain dedication)", URL: "https://creativecommons.org/publicdomain/zero/1.0/"},
	"PDDL-1.0":          {Name: "Open Data Commons Public Domain Dedication and License 1.0", URL: "https://opendatacommons.org/licenses/pddl/1-0/"},
	"MIT":               {Name: "MIT License", URL: "https://opensource.org/license/mit"},
	"Apache-2.0":        {Name: "Apache License 2.0", URL: "https://www.apache.org/licenses/LICENSE-2.0"},
	"BSD-2-Clause":      {Name: `BSD 2-Clause "Simplified" License`, URL: "https://opensource.org/license/bsd-2-clause"},
	"BSD-3-Clause":      {Name: `BSD 3-Clause "New" or "Revised" License`, URL: "https://opensource.org/license/bsd-3-clause"},
	"GFDL-1.3-only":     {Name: "GNU Free Documentation License 1.3", URL: "https://www.gnu.org/licenses/fdl-1.3.html"},
	"GFDL-1.3-or-later": {Name: "GNU Free Documentation License 1.3 or later", URL: "https://www.gnu.org/licenses/fdl-1.3.html"},
	"GPL-3.0-only":      {Name: "GNU General Public License 3.0", URL: "https://www.gnu.org/licenses/gpl-3.0.html"},
	"GPL-3.0-or-later":  {Name: "GNU General Public License 3.0 or later", URL: "https://www.gnu.org/licenses/gpl-3.0.html"},
}

// LicenseOf returns what the SPDX id means; for an id (or expression,
// "MIT OR CC-BY-4.0") it does not know, a License named by the id with no
// URL. "" gives the zero License.
func LicenseOf(id string) License {
	if l, ok := licenses[id]; ok {
		l.ID = id
		return l
	}
	return License{ID: id, Name: id}
}

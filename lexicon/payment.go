package lexicon

import "io/fs"

// PaymentTable holds RVUs and conversion factors by calendar year.
type PaymentTable struct{}

func loadPayment(fsys fs.FS) (*PaymentTable, error) { return &PaymentTable{}, nil }

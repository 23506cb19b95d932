;;; soaplint.el --- Lint therapy SOAP notes with the soaplint language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, convenience
;; URL: https://github.com/soaplint/soaplint

;;; Commentary:

;; soaplint flags documentation problems in physical-, occupational- and
;; speech-therapy daily notes (SOAP notes) that get claims denied: minutes that
;; do not support the billed units, 97530 text that describes only exercise,
;; missing GP/GO/GN modifiers, impairment-only goals and more.
;;
;; This file provides:
;;
;; - `soap-note-mode', a text mode for *.soap and *.note files with
;;   highlighting for section headers, CPT codes, modifiers and times;
;; - the eglot registration that runs "soaplint lsp" for `soap-note-mode'
;;   (language ID "soap-note"), `markdown-mode' ("markdown") and `text-mode'
;;   ("plaintext");
;; - the "soaplint" section of `eglot-workspace-configuration', built from
;;   `soaplint-profile', `soaplint-rules' and `soaplint-lexicon'.
;;
;; Setup:
;;
;;   (add-to-list 'load-path "/path/to/soaplint/editors/emacs")
;;   (require 'soaplint)
;;
;; Notes in *.soap and *.note files are linted as soon as they are opened
;; (see `soaplint-auto-start').  For notes kept as .txt or .md files, run
;; M-x eglot in the buffer, or add `eglot-ensure' to `text-mode-hook'.

;;; Code:

(require 'eglot)
(require 'cl-lib)
(require 'subr-x)

(defgroup soaplint nil
  "Lint therapy SOAP notes with soaplint."
  :group 'tools
  :prefix "soaplint-")

(defcustom soaplint-server-command '("soaplint" "lsp")
  "Command that starts the soaplint language server over stdio.
The first element is the program: a name looked up on `exec-path'
or an absolute file name."
  :type '(repeat string))

(defcustom soaplint-profile "medicare"
  "Payer profile for notes without a Payer line of their own.
\"medicare\" applies the CMS 8-minute rule over total timed minutes
and requires GP/GO/GN modifiers; \"commercial\" counts each timed
code on its own.  A note's own Payer line wins."
  :type '(choice (const "medicare") (const "commercial")))

(defcustom soaplint-rules nil
  "Rule overrides: an alist of (RULE-ID . SETTING).
SETTING is one of \"off\", \"on\", \"error\", \"warning\", \"info\".
Example: ((\"goal/no-timeframe\" . \"off\") (\"doc/vague-phrase\" . \"warning\"))."
  :type '(alist :key-type (string :tag "Rule ID")
                :value-type (choice (const "off") (const "on") (const "error")
                                    (const "warning") (const "info"))))

(defcustom soaplint-lexicon nil
  "Extra lexicon terms: an alist of (CLASS . TERMS).
CLASS is one of \"functional\", \"exercise\", \"skilled\"; TERMS is a
list of strings, e.g. ((\"functional\" \"curb stepping\" \"car transfer\"))."
  :type '(alist :key-type (choice (const "functional") (const "exercise") (const "skilled"))
                :value-type (repeat string)))

(defcustom soaplint-auto-start t
  "When non-nil, start eglot in every `soap-note-mode' buffer."
  :type 'boolean)

(defcustom soaplint-set-workspace-configuration t
  "When non-nil, add the \"soaplint\" section to eglot's workspace configuration.
The section is added in front of whatever the global value of
`eglot-workspace-configuration' holds.  A directory-local value
replaces the global one; put a :soaplint entry there yourself."
  :type 'boolean)

;;;; The major mode

(defconst soaplint--section-re
  (concat "^[ \t]*\\(?:#+[ \t]*\\)?"
          (regexp-opt '("S" "O" "A" "P" "Subjective" "Objective" "Assessment" "Plan"
                        "SUBJECTIVE" "OBJECTIVE" "ASSESSMENT" "PLAN" "Plan of Care"
                        "Goals" "GOALS" "Goal" "STG" "LTG" "STGs" "LTGs"
                        "Short-term goals" "Long-term goals" "Short Term Goals" "Long Term Goals"
                        "Billing" "BILLING" "Charges" "CHARGES" "Treatment" "TREATMENT"
                        "Interventions" "INTERVENTIONS" "Diagnosis" "DIAGNOSIS")
                      'words)
          "[ \t]*\\(?::\\|$\\)")
  "Section headers: S:, Subjective:, ## Subjective, SUBJECTIVE, Goals, Billing ...")

(defvar soap-note-font-lock-keywords
  `((,soaplint--section-re . font-lock-function-name-face)
    ("^[ \t]*\\(\\(?:Discipline\\|Payer\\|Signed\\|DISCIPLINE\\|PAYER\\|SIGNED\\)\\)[ \t]*:"
     1 font-lock-keyword-face)
    ("\\bsoaplint-\\(?:disable-next-line\\|disable\\|enable\\)\\b" . font-lock-preprocessor-face)
    ("\\b\\(?:STG\\|LTG\\|Goal\\)[ \t]*#?[0-9]*[ \t]*[:.)]" . font-lock-type-face)
    ("\\b\\(9[0-9]\\{4\\}\\)\\(\\(?:[ \t]*-[ \t]*\\|[ \t]+\\)\\(?:GP\\|GO\\|GN\\|CQ\\|CO\\|KX\\|59\\|X[ESPU]\\)\\b\\)*"
     (1 font-lock-constant-face) (2 font-lock-builtin-face nil t))
    ("\\b\\(?:[01]?[0-9]\\|2[0-3]\\):[0-5][0-9]\\(?:[ \t]?[aApP]\\.?[mM]\\.?\\)?" . font-lock-string-face)
    ("\\b[0-9]\\{1,3\\}[ \t]?\\(?:min\\(?:ute\\)?s?\\b\\|'\\)" . font-lock-string-face))
  "Highlighting for `soap-note-mode'.")

;;;###autoload
(define-derived-mode soap-note-mode text-mode "SOAP"
  "Major mode for therapy daily notes (SOAP notes), linted by soaplint."
  (setq-local font-lock-defaults '(soap-note-font-lock-keywords nil t))
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local outline-regexp soaplint--section-re))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.\\(?:soap\\|note\\)\\'" . soap-note-mode))

;;;; eglot

(defun soaplint--contact (&optional _interactive)
  "The server command, read when eglot starts (so customizations apply)."
  soaplint-server-command)

;; Later entries of `eglot-server-programs' lose to earlier ones, and
;; `soap-note-mode' and `markdown-mode' derive from `text-mode', so the
;; text-mode entry goes in first and ends up last.
(add-to-list 'eglot-server-programs '((text-mode :language-id "plaintext") . soaplint--contact))
(add-to-list 'eglot-server-programs '((markdown-mode :language-id "markdown") . soaplint--contact))
(add-to-list 'eglot-server-programs '((soap-note-mode :language-id "soap-note") . soaplint--contact))

(defun soaplint--keywordize (alist)
  "Turn ALIST of (STRING . VALUE) into a plist with keyword keys."
  (cl-loop for (k . v) in alist
           append (list (intern (concat ":" k)) v)))

(defun soaplint-settings ()
  "The \"soaplint\" section sent to the server, as a plist."
  (append (list :profile soaplint-profile)
          (when soaplint-rules
            (list :rules (soaplint--keywordize soaplint-rules)))
          (when soaplint-lexicon
            (list :lexicon (cl-loop for (class . terms) in soaplint-lexicon
                                    append (list (intern (concat ":" class))
                                                 (vconcat terms)))))))

(defvar soaplint--previous-workspace-configuration nil
  "The global `eglot-workspace-configuration' before soaplint extended it.")

(defun soaplint-workspace-configuration (server)
  "Workspace configuration for SERVER: soaplint's section, then the previous value."
  (let* ((prev soaplint--previous-workspace-configuration)
         (rest (if (functionp prev) (funcall prev server) prev)))
    (append (list :soaplint (soaplint-settings))
            (cl-loop for (k v) on rest by #'cddr
                     unless (memq k '(:soaplint soaplint))
                     append (list k v)))))

(when (and soaplint-set-workspace-configuration
           (not (eq (default-value 'eglot-workspace-configuration)
                    #'soaplint-workspace-configuration)))
  (setq soaplint--previous-workspace-configuration
        (default-value 'eglot-workspace-configuration))
  (setq-default eglot-workspace-configuration #'soaplint-workspace-configuration))

(defun soaplint-reconfigure ()
  "Send the current soaplint settings to every running soaplint server."
  (interactive)
  (dolist (server (hash-table-values eglot--servers-by-project))
    (dolist (s server)
      (when (soaplint--server-p s)
        (eglot-signal-didChangeConfiguration s)))))

(defun soaplint--server-p (server)
  "Non-nil if SERVER runs soaplint."
  (let ((proc (jsonrpc--process server)))
    (and (processp proc)
         (equal (car (process-command proc)) (car soaplint-server-command)))))

(defun soaplint--maybe-start ()
  "Start eglot in this buffer if `soaplint-auto-start' says so."
  (when (and soaplint-auto-start buffer-file-name)
    (eglot-ensure)))

(add-hook 'soap-note-mode-hook #'soaplint--maybe-start)

(provide 'soaplint)
;;; soaplint.el ends here

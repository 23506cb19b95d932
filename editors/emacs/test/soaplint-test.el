;;; soaplint-test.el --- End-to-end test: Emacs + eglot + soaplint lsp  -*- lexical-binding: t; -*-

;; Run from the repository root, with a built binary in SOAPLINT_BIN:
;;
;;   SOAPLINT_BIN=/tmp/soaplint emacs --batch -l editors/emacs/soaplint.el \
;;     -l editors/emacs/test/soaplint-test.el -f ert-run-tests-batch-and-exit
;;
;; Opens a copy of editors/testdata/sample.soap the way a user would (find-file,
;; auto-mode-alist, soaplint's eglot-ensure hook), waits for the server's
;; diagnostics to reach Flymake, and checks the rule ID, the line, and that the
;; payer profile from `soaplint-profile' reaches the server through
;; workspace/configuration.  Waits on predicates with a timeout, never sleeps.

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'eglot)
(require 'flymake)
(require 'soaplint)

(defconst soaplint-test--dir
  (file-name-directory (or load-file-name buffer-file-name)))

(defconst soaplint-test--sample
  (expand-file-name "../../testdata/sample.soap" soaplint-test--dir))

(defconst soaplint-test--timeout 30
  "Seconds to wait for the server before failing.")

(defconst soaplint-test--rule "modifier/discipline-missing"
  "The rule the sample note breaks under the medicare profile only.")

(defun soaplint-test--binary ()
  "The soaplint binary under test; a missing one is a failure, not a skip."
  (let ((bin (getenv "SOAPLINT_BIN")))
    (unless (and bin (file-executable-p bin))
      (error "SOAPLINT_BIN must name a built soaplint binary (got %S)" bin))
    bin))

(defun soaplint-test--codes ()
  "Rule IDs of the Flymake diagnostics in the current buffer, with their lines."
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
           collect (cons (plist-get lsp :code)
                         (line-number-at-pos (flymake-diagnostic-beg d)))))

(defun soaplint-test--dump (server)
  "Print the tail of SERVER's events buffer (the LSP traffic) to stderr."
  (when server
    (with-current-buffer (jsonrpc-events-buffer server)
      (message "--- LSP traffic (tail) ---\n%s"
               (buffer-substring-no-properties
                (max (point-min) (- (point-max) 6000)) (point-max))))
    (when-let ((stderr (jsonrpc-stderr-buffer server)))
      (with-current-buffer stderr
        (message "--- server stderr ---\n%s" (buffer-string))))))

(defun soaplint-test--wait (what pred)
  "Process input until PRED returns non-nil; fail naming WHAT after the timeout."
  (let ((deadline (+ (float-time) soaplint-test--timeout))
        (last-start 0)
        result)
    (while (and (not (setq result (funcall pred)))
                (< (float-time) deadline))
      ;; Flymake normally starts on an idle timer, which batch Emacs never
      ;; reaches; ask it to collect the backend's report instead.
      (when (and flymake-mode (> (- (float-time) last-start) 0.5))
        (setq last-start (float-time))
        (flymake-start))
      (accept-process-output nil 0.1))
    (unless result
      (soaplint-test--dump (eglot-current-server))
      (ert-fail (format "timed out after %ss waiting for %s" soaplint-test--timeout what)))
    result))

(defun soaplint-test--visit (dir name)
  "Copy the sample note into DIR as NAME and visit it."
  (let ((file (expand-file-name name dir)))
    (copy-file soaplint-test--sample file t)
    (find-file-noselect file)))

(defun soaplint-test--line-of (prefix)
  "1-based line of the first line starting with PREFIX in the current buffer."
  (save-excursion
    (goto-char (point-min))
    (re-search-forward (concat "^" (regexp-quote prefix)))
    (line-number-at-pos)))

(defun soaplint-test--shutdown ()
  "Shut every eglot server down, waiting for each process to exit."
  (dolist (servers (hash-table-values eglot--servers-by-project))
    (dolist (s servers)
      (eglot-shutdown s nil 10))))

(ert-deftest soaplint-soap-note-diagnostics-and-profile ()
  "A .soap note gets soap-note-mode, eglot starts by itself, and diagnostics follow the profile."
  (let* ((soaplint-server-command (list (soaplint-test--binary) "lsp"))
         (soaplint-profile "medicare")
         (soaplint-rules nil)
         (dir (make-temp-file "soaplint-emacs-" t))
         (buf (soaplint-test--visit dir "visit.soap")))
    (unwind-protect
        (with-current-buffer buf
          (should (eq major-mode 'soap-note-mode))
          ;; soaplint--maybe-start ran eglot-ensure, which connects on the next
          ;; command; batch Emacs has no command loop, so run that hook.
          (run-hooks 'post-command-hook)
          (soaplint-test--wait "eglot to manage the buffer" (lambda () eglot--managed-mode))
          (let ((server (eglot-current-server))
                (billing (soaplint-test--line-of "97530 x2")))
            (should (equal (eglot--language-id server) "soap-note"))
            (let ((hit (soaplint-test--wait
                        (format "%s in Flymake" soaplint-test--rule)
                        (lambda () (assoc soaplint-test--rule (soaplint-test--codes))))))
              (should (= (cdr hit) billing)))
            ;; Every finding carries a rule ID as its code.
            (should (cl-every (lambda (c) (and (stringp (car c)) (string-match-p "/" (car c))))
                              (soaplint-test--codes)))
            ;; The profile reaches the server through workspace/configuration.
            (setq soaplint-profile "commercial")
            (soaplint-reconfigure)
            (soaplint-test--wait
             (format "%s to go away under the commercial profile" soaplint-test--rule)
             (lambda () (not (assoc soaplint-test--rule (soaplint-test--codes)))))
            ;; And back: severity overrides from soaplint-rules too.
            (setq soaplint-profile "medicare"
                  soaplint-rules `((,soaplint-test--rule . "info")))
            (soaplint-reconfigure)
            (soaplint-test--wait
             (format "%s back, as a note" soaplint-test--rule)
             (lambda ()
               (cl-some (lambda (d)
                          (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
                            (and (equal (plist-get lsp :code) soaplint-test--rule)
                                 (eq (flymake-diagnostic-type d) 'eglot-note))))
                        (flymake-diagnostics))))))
      (soaplint-test--shutdown)
      (kill-buffer buf)
      (delete-directory dir t))))

(ert-deftest soaplint-text-mode-plaintext ()
  "A .txt note in text-mode is linted as language \"plaintext\" when eglot is started."
  (let* ((soaplint-server-command (list (soaplint-test--binary) "lsp"))
         (soaplint-profile "medicare")
         (soaplint-rules nil)
         (dir (make-temp-file "soaplint-emacs-" t))
         (buf (soaplint-test--visit dir "visit.txt")))
    (unwind-protect
        (with-current-buffer buf
          (should (eq major-mode 'text-mode))
          (apply #'eglot (eglot--guess-contact))
          (soaplint-test--wait "eglot to manage the buffer" (lambda () eglot--managed-mode))
          (should (equal (eglot--language-id (eglot-current-server)) "plaintext"))
          (soaplint-test--wait (format "%s in Flymake" soaplint-test--rule)
                               (lambda () (assoc soaplint-test--rule (soaplint-test--codes)))))
      (soaplint-test--shutdown)
      (kill-buffer buf)
      (delete-directory dir t))))

(ert-deftest soaplint-workspace-configuration-shape ()
  "The settings serialize to the JSON the server's configuration reader expects."
  (let ((soaplint-profile "commercial")
        (soaplint-rules '(("goal/no-timeframe" . "off") ("doc/vague-phrase" . "warning")))
        (soaplint-lexicon '(("functional" "curb stepping" "car transfer"))))
    (should (equal (json-parse-string
                    (jsonrpc--json-encode (plist-get (soaplint-workspace-configuration nil) :soaplint))
                    :object-type 'alist)
                   '((profile . "commercial")
                     (rules (goal/no-timeframe . "off") (doc/vague-phrase . "warning"))
                     (lexicon (functional . ["curb stepping" "car transfer"]))))))
  ;; No overrides: no "rules": null for the server to reject.
  (let ((soaplint-profile "medicare") (soaplint-rules nil) (soaplint-lexicon nil))
    (should (equal (jsonrpc--json-encode (plist-get (soaplint-workspace-configuration nil) :soaplint))
                   "{\"profile\":\"medicare\"}"))))

(ert-deftest soaplint-mode-registration ()
  "auto-mode-alist and eglot-server-programs map notes to the right language IDs."
  (should (eq (assoc-default "/x/visit.soap" auto-mode-alist #'string-match) 'soap-note-mode))
  (should (eq (assoc-default "/x/visit.note" auto-mode-alist #'string-match) 'soap-note-mode))
  (should (equal (cadr (eglot--lookup-mode 'soap-note-mode)) "soap-note"))
  (should (equal (cadr (eglot--lookup-mode 'text-mode)) "plaintext"))
  (should (equal (funcall (caddr (eglot--lookup-mode 'soap-note-mode))) soaplint-server-command)))

;;; soaplint-test.el ends here

package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// nyi is the "not implemented" base of server: every protocol.Server method it
// does not override answers MethodNotFound, so unsupported requests get a
// JSON-RPC error rather than a panic or silence. Generated from the
// protocol.Server interface of go.lsp.dev/protocol v0.12.0.
type nyi struct{}

var _ protocol.Server = nyi{}

func errNYI(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "soaplint does not implement %s", method)
}

func (nyi) Initialize(_ context.Context, _ *protocol.InitializeParams) (result *protocol.InitializeResult, err error) {
	return nil, errNYI("Initialize")
}

func (nyi) Initialized(_ context.Context, _ *protocol.InitializedParams) (err error) {
	return errNYI("Initialized")
}

func (nyi) Shutdown(_ context.Context) (err error) {
	return errNYI("Shutdown")
}

func (nyi) Exit(_ context.Context) (err error) {
	return errNYI("Exit")
}

func (nyi) WorkDoneProgressCancel(_ context.Context, _ *protocol.WorkDoneProgressCancelParams) (err error) {
	return errNYI("WorkDoneProgressCancel")
}

func (nyi) LogTrace(_ context.Context, _ *protocol.LogTraceParams) (err error) {
	return errNYI("LogTrace")
}

func (nyi) SetTrace(_ context.Context, _ *protocol.SetTraceParams) (err error) {
	return errNYI("SetTrace")
}

func (nyi) CodeAction(_ context.Context, _ *protocol.CodeActionParams) (result []protocol.CodeAction, err error) {
	return nil, errNYI("CodeAction")
}

func (nyi) CodeLens(_ context.Context, _ *protocol.CodeLensParams) (result []protocol.CodeLens, err error) {
	return nil, errNYI("CodeLens")
}

func (nyi) CodeLensResolve(_ context.Context, _ *protocol.CodeLens) (result *protocol.CodeLens, err error) {
	return nil, errNYI("CodeLensResolve")
}

func (nyi) ColorPresentation(_ context.Context, _ *protocol.ColorPresentationParams) (result []protocol.ColorPresentation, err error) {
	return nil, errNYI("ColorPresentation")
}

func (nyi) Completion(_ context.Context, _ *protocol.CompletionParams) (result *protocol.CompletionList, err error) {
	return nil, errNYI("Completion")
}

func (nyi) CompletionResolve(_ context.Context, _ *protocol.CompletionItem) (result *protocol.CompletionItem, err error) {
	return nil, errNYI("CompletionResolve")
}

func (nyi) Declaration(_ context.Context, _ *protocol.DeclarationParams) (result []protocol.Location /* protocol.Declaration | protocol.DeclarationLink[] | null */, err error) {
	return nil, errNYI("Declaration")
}

func (nyi) Definition(_ context.Context, _ *protocol.DefinitionParams) (result []protocol.Location /* protocol.Definition | protocol.DefinitionLink[] | null */, err error) {
	return nil, errNYI("Definition")
}

func (nyi) DidChange(_ context.Context, _ *protocol.DidChangeTextDocumentParams) (err error) {
	return errNYI("DidChange")
}

func (nyi) DidChangeConfiguration(_ context.Context, _ *protocol.DidChangeConfigurationParams) (err error) {
	return errNYI("DidChangeConfiguration")
}

func (nyi) DidChangeWatchedFiles(_ context.Context, _ *protocol.DidChangeWatchedFilesParams) (err error) {
	return errNYI("DidChangeWatchedFiles")
}

func (nyi) DidChangeWorkspaceFolders(_ context.Context, _ *protocol.DidChangeWorkspaceFoldersParams) (err error) {
	return errNYI("DidChangeWorkspaceFolders")
}

func (nyi) DidClose(_ context.Context, _ *protocol.DidCloseTextDocumentParams) (err error) {
	return errNYI("DidClose")
}

func (nyi) DidOpen(_ context.Context, _ *protocol.DidOpenTextDocumentParams) (err error) {
	return errNYI("DidOpen")
}

func (nyi) DidSave(_ context.Context, _ *protocol.DidSaveTextDocumentParams) (err error) {
	return errNYI("DidSave")
}

func (nyi) DocumentColor(_ context.Context, _ *protocol.DocumentColorParams) (result []protocol.ColorInformation, err error) {
	return nil, errNYI("DocumentColor")
}

func (nyi) DocumentHighlight(_ context.Context, _ *protocol.DocumentHighlightParams) (result []protocol.DocumentHighlight, err error) {
	return nil, errNYI("DocumentHighlight")
}

func (nyi) DocumentLink(_ context.Context, _ *protocol.DocumentLinkParams) (result []protocol.DocumentLink, err error) {
	return nil, errNYI("DocumentLink")
}

func (nyi) DocumentLinkResolve(_ context.Context, _ *protocol.DocumentLink) (result *protocol.DocumentLink, err error) {
	return nil, errNYI("DocumentLinkResolve")
}

func (nyi) DocumentSymbol(_ context.Context, _ *protocol.DocumentSymbolParams) (result []interface{} /* []protocol.SymbolInformation | []protocol.DocumentSymbol */, err error) {
	return nil, errNYI("DocumentSymbol")
}

func (nyi) ExecuteCommand(_ context.Context, _ *protocol.ExecuteCommandParams) (result interface{}, err error) {
	return nil, errNYI("ExecuteCommand")
}

func (nyi) FoldingRanges(_ context.Context, _ *protocol.FoldingRangeParams) (result []protocol.FoldingRange, err error) {
	return nil, errNYI("FoldingRanges")
}

func (nyi) Formatting(_ context.Context, _ *protocol.DocumentFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, errNYI("Formatting")
}

func (nyi) Hover(_ context.Context, _ *protocol.HoverParams) (result *protocol.Hover, err error) {
	return nil, errNYI("Hover")
}

func (nyi) Implementation(_ context.Context, _ *protocol.ImplementationParams) (result []protocol.Location, err error) {
	return nil, errNYI("Implementation")
}

func (nyi) OnTypeFormatting(_ context.Context, _ *protocol.DocumentOnTypeFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, errNYI("OnTypeFormatting")
}

func (nyi) PrepareRename(_ context.Context, _ *protocol.PrepareRenameParams) (result *protocol.Range, err error) {
	return nil, errNYI("PrepareRename")
}

func (nyi) RangeFormatting(_ context.Context, _ *protocol.DocumentRangeFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, errNYI("RangeFormatting")
}

func (nyi) References(_ context.Context, _ *protocol.ReferenceParams) (result []protocol.Location, err error) {
	return nil, errNYI("References")
}

func (nyi) Rename(_ context.Context, _ *protocol.RenameParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, errNYI("Rename")
}

func (nyi) SignatureHelp(_ context.Context, _ *protocol.SignatureHelpParams) (result *protocol.SignatureHelp, err error) {
	return nil, errNYI("SignatureHelp")
}

func (nyi) Symbols(_ context.Context, _ *protocol.WorkspaceSymbolParams) (result []protocol.SymbolInformation, err error) {
	return nil, errNYI("Symbols")
}

func (nyi) TypeDefinition(_ context.Context, _ *protocol.TypeDefinitionParams) (result []protocol.Location, err error) {
	return nil, errNYI("TypeDefinition")
}

func (nyi) WillSave(_ context.Context, _ *protocol.WillSaveTextDocumentParams) (err error) {
	return errNYI("WillSave")
}

func (nyi) WillSaveWaitUntil(_ context.Context, _ *protocol.WillSaveTextDocumentParams) (result []protocol.TextEdit, err error) {
	return nil, errNYI("WillSaveWaitUntil")
}

func (nyi) ShowDocument(_ context.Context, _ *protocol.ShowDocumentParams) (result *protocol.ShowDocumentResult, err error) {
	return nil, errNYI("ShowDocument")
}

func (nyi) WillCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, errNYI("WillCreateFiles")
}

func (nyi) DidCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) (err error) {
	return errNYI("DidCreateFiles")
}

func (nyi) WillRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, errNYI("WillRenameFiles")
}

func (nyi) DidRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) (err error) {
	return errNYI("DidRenameFiles")
}

func (nyi) WillDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, errNYI("WillDeleteFiles")
}

func (nyi) DidDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) (err error) {
	return errNYI("DidDeleteFiles")
}

func (nyi) CodeLensRefresh(_ context.Context) (err error) {
	return errNYI("CodeLensRefresh")
}

func (nyi) PrepareCallHierarchy(_ context.Context, _ *protocol.CallHierarchyPrepareParams) (result []protocol.CallHierarchyItem, err error) {
	return nil, errNYI("PrepareCallHierarchy")
}

func (nyi) IncomingCalls(_ context.Context, _ *protocol.CallHierarchyIncomingCallsParams) (result []protocol.CallHierarchyIncomingCall, err error) {
	return nil, errNYI("IncomingCalls")
}

func (nyi) OutgoingCalls(_ context.Context, _ *protocol.CallHierarchyOutgoingCallsParams) (result []protocol.CallHierarchyOutgoingCall, err error) {
	return nil, errNYI("OutgoingCalls")
}

func (nyi) SemanticTokensFull(_ context.Context, _ *protocol.SemanticTokensParams) (result *protocol.SemanticTokens, err error) {
	return nil, errNYI("SemanticTokensFull")
}

func (nyi) SemanticTokensFullDelta(_ context.Context, _ *protocol.SemanticTokensDeltaParams) (result interface{} /* protocol.SemanticTokens | protocol.SemanticTokensDelta */, err error) {
	return nil, errNYI("SemanticTokensFullDelta")
}

func (nyi) SemanticTokensRange(_ context.Context, _ *protocol.SemanticTokensRangeParams) (result *protocol.SemanticTokens, err error) {
	return nil, errNYI("SemanticTokensRange")
}

func (nyi) SemanticTokensRefresh(_ context.Context) (err error) {
	return errNYI("SemanticTokensRefresh")
}

func (nyi) LinkedEditingRange(_ context.Context, _ *protocol.LinkedEditingRangeParams) (result *protocol.LinkedEditingRanges, err error) {
	return nil, errNYI("LinkedEditingRange")
}

func (nyi) Moniker(_ context.Context, _ *protocol.MonikerParams) (result []protocol.Moniker, err error) {
	return nil, errNYI("Moniker")
}

func (nyi) Request(_ context.Context, method string, _ interface{}) (result interface{}, err error) {
	return nil, errNYI(method)
}

/**
 * Retrieval of guideline excerpts for the model's prompt (RAG). Entry point: {@link
 * org.dxguard.reasoner.retrieval.ExcerptRetriever}: the excerpts of the active guideline packages are embedded once
 * per version with the in-process all-MiniLM-L6-v2 ONNX model (langchain4j, inside the jar: no download) into an
 * in-memory store; each case retrieves the top-k excerpts relevant to its candidates and their evidence.
 */
package org.dxguard.reasoner.retrieval;

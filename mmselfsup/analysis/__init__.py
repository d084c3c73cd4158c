"""What the analysis commands of ``tools/analysis_tools`` run: the kNN
evaluation of a checkpoint, the pre-training benchmark and the runner of
the stock OpenMMLab analysis tools."""

// Original file: tuneforge/v1/trainer_service.proto


export interface ListCatalogRequest {
}

export interface ListCatalogRequest__Output {
}
